import { useEffect, useState } from 'react';
import type { ConnectionSnapshot } from '../../../../shared/connection';
import type { ChannelId } from '../../../../shared/ids';
import { formatCount } from '../../lib/format';
import { getConnection } from '../../services/connection-actions';

/**
 * How often the panel asks the engine again while it is shown. Subchannel states change without
 * a channel event (round_robin stays READY while one backend of three is down), so the panel
 * reads the engine's channelz-backed snapshot rather than waiting for events.
 */
const REFRESH_MS = 1_000;

/** `Resolved addresses` (each with its subchannel state) and `Calls per backend` of one channel. */
export function BalancingPanel({ channelId }: { channelId: ChannelId }) {
  const [snapshot, setSnapshot] = useState<ConnectionSnapshot | null>(null);

  useEffect(() => {
    let live = true;
    const refresh = async () => {
      const got = await getConnection(channelId);
      if (live && got.ok) setSnapshot(got.value);
    };
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [channelId]);

  const addresses = snapshot?.resolvedAddresses ?? [];
  const counts = snapshot?.callsPerPeer ?? [];
  const most = Math.max(1, ...counts.map((c) => c.calls));
  const total = counts.reduce((sum, c) => sum + c.calls, 0);

  return (
    <section className="balancing-region" aria-label="Name resolution and balancing">
      <h3 className="section-title">Resolved addresses</h3>
      {snapshot?.resolutionFailure ? (
        <p role="note" aria-label="Name resolution failed" className="alert alert-error">
          {snapshot.resolutionFailure}
        </p>
      ) : null}
      {addresses.length === 0 ? (
        <p className="muted">{snapshot === null ? 'Reading…' : snapshot.resolutionFailure ? 'No address: the name did not resolve.' : 'No address yet: the target has not resolved (or is a unix socket).'}</p>
      ) : (
        <table aria-label="Resolved addresses" className="kv-table resolved-table">
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Subchannel state</th>
            </tr>
          </thead>
          <tbody>
            {addresses.map((row) => (
              <tr key={row.address} aria-label={row.address}>
                <td className="mono">{row.address}</td>
                <td>
                  {row.state === null ? (
                    <span className="muted" title="pick_first keeps a connection to one address only">not in use</span>
                  ) : (
                    <span className={`conn-state ct-text-${row.state.toLowerCase()}`}>
                      <span className="conn-dot" aria-hidden="true" />
                      {row.state}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <figure className="backend-chart" aria-label="Calls per backend">
        <figcaption className="section-title">Calls per backend{total > 0 ? <span className="muted backend-total">· {formatCount(total)} call{total === 1 ? '' : 's'}</span> : null}</figcaption>
        {counts.length === 0 ? (
          <p className="muted">No call on this connection has ended yet.</p>
        ) : (
          <ul className="backend-bars">
            {counts.map((row) => (
              <li key={row.peer} aria-label={`${row.peer}: ${row.calls} call${row.calls === 1 ? '' : 's'}`}>
                <span className="mono backend-peer">{row.peer}</span>
                <span className="backend-bar-track" aria-hidden="true">
                  <span className="backend-bar" style={{ width: `${(row.calls / most) * 100}%` }} />
                </span>
                <span className="mono backend-count">{formatCount(row.calls)}</span>
              </li>
            ))}
          </ul>
        )}
      </figure>
    </section>
  );
}
