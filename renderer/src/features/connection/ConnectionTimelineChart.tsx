import { useRef } from 'react';
import { formatAxisMs, formatMs } from '../../lib/format';
import { useElementWidth } from '../../lib/use-element-width';
import { niceTicks } from '../timing/waterfall-model';
import type { ConnectionTimeline } from './timeline-model';

const LABEL_W = 80;
const PAD_R = 16;

/** Connectivity states as bands, keepalive pings/acks as ticks (the server's pings as hollow diamonds), GOAWAYs as markers and health statuses as dots, on one axis. */
export function ConnectionTimelineChart({ timeline }: { timeline: ConnectionTimeline }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(hostRef, 560);
  const plotW = Math.max(80, width - LABEL_W - PAD_R);
  const span = Math.max(1, timeline.endMs - timeline.startMs);
  const x = (ms: number) => LABEL_W + ((ms - timeline.startMs) / span) * plotW;
  const ticks = niceTicks(span, 5);

  return (
    <div className="conn-timeline" ref={hostRef}>
      <svg width={width} height={132} role="img" aria-label={`Connection timeline: ${timeline.segments.map((s) => s.state).join(' → ')}; ${timeline.pings.length} pings${timeline.serverPings.length > 0 ? `, ${timeline.serverPings.length} from the server` : ''}, ${timeline.goaways.length} GOAWAY${timeline.health.length > 0 ? `; health ${timeline.health.map((h) => h.status).join(' → ')}` : ''}`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(timeline.startMs + t)} x2={x(timeline.startMs + t)} y1={4} y2={104} className="wf-grid" />
            <text x={x(timeline.startMs + t)} y={118} className="wf-axis" textAnchor={t === 0 ? 'start' : 'middle'}>
              {formatAxisMs(t)}
            </text>
          </g>
        ))}
        <text x={LABEL_W - 8} y={22} className="wf-label" textAnchor="end">
          State
        </text>
        {timeline.segments.map((seg, i) => {
          const x1 = x(seg.startMs);
          const w = Math.max(1.5, x(seg.endMs) - x1);
          return (
            <g key={i}>
              <rect x={x1} y={10} width={w} height={18} className={`ct-state ct-${seg.state.toLowerCase()}`}>
                <title>{`${seg.state} for ${formatMs(seg.endMs - seg.startMs)}`}</title>
              </rect>
              {w > 70 ? (
                <text x={x1 + 5} y={23} className="ct-state-label">
                  {seg.state}
                </text>
              ) : null}
            </g>
          );
        })}
        <text x={LABEL_W - 8} y={52} className="wf-label" textAnchor="end">
          Keepalive
        </text>
        {timeline.pings.map((t, i) => (
          <line key={`p${i}`} x1={x(t)} x2={x(t)} y1={40} y2={50} className="ct-ping">
            <title>{`Ping sent at ${formatMs(t - timeline.startMs)}`}</title>
          </line>
        ))}
        {timeline.acks.map((a, i) => (
          <circle key={`a${i}`} cx={x(a.timeMs)} cy={56} r={2.5} className="ct-ack">
            <title>{`Ping ack, RTT ${formatMs(a.rttMs)}`}</title>
          </circle>
        ))}
        {timeline.serverPings.map((t, i) => (
          <path key={`s${i}`} d={`M${x(t)} 38 l4 4 l-4 4 l-4 -4 z`} className="ct-server-ping">
            <title>{`Ping from the server at ${formatMs(t - timeline.startMs)}`}</title>
          </path>
        ))}
        {timeline.timeouts.map((t, i) => (
          <text key={`t${i}`} x={x(t)} y={60} className="ct-timeout" textAnchor="middle">
            ×
          </text>
        ))}
        <text x={LABEL_W - 8} y={76} className="wf-label" textAnchor="end">
          GOAWAY
        </text>
        {timeline.goaways.map((g, i) => (
          <g key={`g${i}`}>
            <path d={`M${x(g.timeMs)} 66 l5 8 h-10 z`} className="ct-goaway" />
            <title>{`GOAWAY ${g.errorName}`}</title>
          </g>
        ))}
        <text x={LABEL_W - 8} y={98} className="wf-label" textAnchor="end">
          Health
        </text>
        {timeline.health.map((h, i) => (
          <circle key={`h${i}`} cx={x(h.timeMs)} cy={94} r={4} className={`ct-health ct-health-${h.status.toLowerCase()}`}>
            <title>{`Health ${h.status}${h.service ? ` (${h.service})` : ' (server)'} at ${formatMs(h.timeMs - timeline.startMs)}`}</title>
          </circle>
        ))}
      </svg>
    </div>
  );
}
