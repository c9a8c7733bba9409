import { useCallback, useEffect, useState } from 'react';
import type { ConnectionSummary } from '../../../../shared/connection';
import type { ChannelId } from '../../../../shared/ids';
import { closeConnection, listConnections, reconnectConnection } from '../../services/connection-actions';

/** How often the table asks the engine again while it is shown (calls start and end meanwhile). */
const REFRESH_MS = 2_000;

function minutesText(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}

function usageText(row: ConnectionSummary, now: number): string {
  if (row.activeCalls > 0) return `${row.activeCalls} active call${row.activeCalls === 1 ? '' : 's'}`;
  const idleFor = row.idleSince === null ? '' : `idle ${minutesText(now - row.idleSince)}`;
  const closes = row.closesAt === null ? '' : `, closes in ${minutesText(row.closesAt - now)}`;
  return `${idleFor}${closes}` || 'idle';
}

/**
 * Every open channel of the engine: one row per distinct target + settings, with its state and
 * use, and Close connection / Reconnect. Idle channels close by themselves (5 min, at most 16).
 */
export function ConnectionsTable({ currentChannelId }: { currentChannelId: ChannelId | null }) {
  const [rows, setRows] = useState<ConnectionSummary[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const refresh = useCallback(async () => {
    const listed = await listConnections();
    setNow(Date.now());
    if (listed.ok) {
      setRows(listed.value);
    } else {
      setProblem(`Could not list the connections: ${listed.error.message}`);
    }
  }, []);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const act = async (action: (id: ChannelId) => ReturnType<typeof closeConnection>, channelId: ChannelId, verb: string) => {
    const result = await action(channelId);
    setProblem(result.ok ? null : `Could not ${verb} ${channelId}: ${result.error.message}`);
    await refresh();
  };

  return (
    <section className="connections-region" aria-label="Open connections">
      <h3 className="section-title">Connections</h3>
      {problem ? (
        <p role="alert" className="alert alert-error">
          {problem}
        </p>
      ) : null}
      {rows !== null && rows.length === 0 ? (
        <p className="muted">No open connections. Invoke a method to open one; connections without calls close after 5 minutes.</p>
      ) : (
        <table aria-label="Connections" className="kv-table connections-table">
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col">Target</th>
              <th scope="col">Settings</th>
              <th scope="col">State</th>
              <th scope="col">Use</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(rows ?? []).map((row) => (
              <tr key={row.channelId} aria-label={`${row.channelId} ${row.target}`} aria-current={row.channelId === currentChannelId ? 'true' : undefined}>
                <td className="mono connections-id">
                  {row.channelId}
                  {row.channelId === currentChannelId ? <span className="muted">this call</span> : null}
                </td>
                <td className="mono">{row.target}</td>
                <td>{row.settings}</td>
                <td>
                  <span className={`conn-state ct-text-${row.state.toLowerCase()}`}>
                    <span className="conn-dot" aria-hidden="true" />
                    {row.state}
                  </span>
                </td>
                <td className="connections-use">{usageText(row, now)}</td>
                <td>
                  <div className="connections-actions">
                  <button type="button" className="btn btn-ghost btn-small" aria-label="Reconnect" title="Drop this connection and connect again now" onClick={() => void act(reconnectConnection, row.channelId, 'reconnect')}>
                    Reconnect
                  </button>
                  <button type="button" className="btn btn-ghost btn-small" aria-label="Close connection" title="Close this connection now; running calls on it end" onClick={() => void act(closeConnection, row.channelId, 'close')}>
                    Close connection
                  </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
