import { useEffect, useState, type ReactNode } from 'react';
import type { ChannelId } from '../../../../shared/ids';
import { EmptyState } from '../../components/EmptyState';
import { formatCount, formatMs } from '../../lib/format';
import { useAppStore } from '../../store/app-store';
import { BalancingPanel } from './BalancingPanel';
import { ConnectionsTable } from './ConnectionsTable';
import { ConnectionTimelineChart } from './ConnectionTimelineChart';
import { GoawayDetails } from './GoawayDetails';
import { buildConnectionTimeline, channelNowMs } from './timeline-model';

/** Live connectivity state and keepalive of the channel the tab's call used. */
export function ConnectionView({ channelId }: { channelId: ChannelId | null }) {
  const view = useAppStore((s) => (channelId !== null ? s.channels[channelId] : undefined));
  const [wallNow, setWallNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setWallNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const state = view?.state ?? null;
  const keepalive = view?.keepalive;
  const timeline = view ? buildConnectionTimeline(view.events, channelNowMs(view.events, wallNow)) : null;
  const goaway = keepalive?.lastGoaway ?? null;

  const rows: { name: string; value: ReactNode }[] = [
    {
      name: 'Keepalive time',
      value: keepalive?.keepaliveTimeMs != null ? `${formatCount(keepalive.keepaliveTimeMs)} ms${keepalive.permitWithoutCalls ? ' (also without calls)' : ''}` : 'off',
    },
    { name: 'Pings sent', value: formatCount(keepalive?.pingsSent ?? 0) },
    { name: 'Ping acks', value: `${formatCount(keepalive?.pingAcks ?? 0)}${keepalive && keepalive.pingTimeouts > 0 ? ` · ${keepalive.pingTimeouts} timed out` : ''}` },
    { name: 'Pings received', value: formatCount(keepalive?.pingsReceived ?? 0) },
    { name: 'Last ping RTT', value: keepalive?.lastPingRttMs != null ? formatMs(keepalive.lastPingRttMs) : '—' },
    { name: 'Last GOAWAY', value: goaway ? <GoawayDetails goaway={goaway} /> : 'none' },
  ];

  return (
    <div className="scroll-panel connection-view">
      <div className="conn-header">
        <span className="field-label">Connectivity state</span>
        <span role="status" aria-label="Connectivity state" className={`conn-state ct-text-${(state ?? 'none').toLowerCase()}`}>
          <span className="conn-dot" aria-hidden="true" />
          {state ?? '—'}
        </span>
        {view?.target ? <span className="mono muted conn-target">{view.target}</span> : null}
      </div>
      {view?.closed ? (
        <p role="note" aria-label="Connection closed" className="alert alert-warning">
          Connection closed at {new Date(view.closed.at).toLocaleTimeString()}: {view.closed.reason}
        </p>
      ) : null}
      {channelId !== null ? <BalancingPanel channelId={channelId} /> : null}
      <table aria-label="Keepalive" className="kv-table keepalive-table">
        <tbody>
          {rows.map((row) => (
            <tr key={row.name} aria-label={row.name}>
              <th scope="row">{row.name}</th>
              <td className="mono">{row.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {timeline ? (
        <ConnectionTimelineChart timeline={timeline} />
      ) : (
        <EmptyState title={channelId === null ? 'No connection yet' : 'Waiting for connection events'} compact>
          {channelId === null ? 'Invoke a method to see its channel: state changes, keepalive pings and GOAWAYs.' : null}
        </EmptyState>
      )}
      <ConnectionsTable currentChannelId={channelId} />
    </div>
  );
}
