import { useRef } from 'react';
import { formatAxisMs, formatMs } from '../../lib/format';
import { useElementWidth } from '../../lib/use-element-width';
import type { Lane, WaterfallModel } from './waterfall-model';
import { AttemptBars } from './AttemptBars';
import type { AttemptBar } from './attempts-model';

const LABEL_W = 116;
const PAD_R = 16;
const ROW_H = 22;
const HEIGHT = 4 * ROW_H + 60;

/** The call on one time axis: connection wait, headers, messages sent (above) and received (below), end. */
export function Waterfall({ model, statusLabel, attempts = [] }: { model: WaterfallModel; statusLabel: string | null; attempts?: readonly AttemptBar[] }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(hostRef, 560);
  const plotW = Math.max(80, width - LABEL_W - PAD_R);
  const x = (ms: number) => LABEL_W + (Math.min(ms, model.endMs) / model.endMs) * plotW;

  const phaseY = 14;
  const laneMid = phaseY + ROW_H * 2 + 18;
  const axisY = laneMid + ROW_H * 2 + 8;

  return (
    <div className="waterfall" ref={hostRef}>
      <svg width={width} height={HEIGHT} role="img" aria-label={describe(model, statusLabel)}>
        {model.axis.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={4} y2={axisY} className="wf-grid" />
            <text x={x(t)} y={axisY + 14} className="wf-axis" textAnchor={t === 0 ? 'start' : 'middle'}>
              {formatAxisMs(t)}
            </text>
          </g>
        ))}

        {model.phases.map((phase, i) => {
          const y = phaseY + i * ROW_H;
          const x1 = x(phase.startMs);
          const w = Math.max(2, x(phase.endMs) - x1);
          return (
            <g key={phase.label}>
              <text x={LABEL_W - 8} y={y + 13} className="wf-label" textAnchor="end">
                {phase.label === 'Waiting for connection' ? 'Connect' : 'Headers'}
              </text>
              <rect x={x1} y={y + 3} width={w} height={ROW_H - 8} rx={2} className={`wf-phase wf-${phase.tone}`}>
                <title>{`${phase.label}: ${formatMs(phase.endMs - phase.startMs)}`}</title>
              </rect>
              {/* The value goes right of the bar; when the bar reaches the end, inside it (a long
                  wait for the connection), or left of it when the bar is too short to hold it. */}
              {x1 + w + 60 < LABEL_W + plotW ? (
                <text x={x1 + w + 6} y={y + 13} className="wf-value">
                  {formatMs(phase.endMs)}
                </text>
              ) : w > 70 ? (
                <text x={x1 + w - 6} y={y + 13} className="wf-value wf-value-inside" textAnchor="end">
                  {formatMs(phase.endMs)}
                </text>
              ) : (
                <text x={x1 - 6} y={y + 13} className="wf-value" textAnchor="end">
                  {formatMs(phase.endMs)}
                </text>
              )}
            </g>
          );
        })}

        <text x={LABEL_W - 8} y={laneMid - 6} className="wf-label" textAnchor="end">
          Sent ↑
        </text>
        <text x={LABEL_W - 8} y={laneMid + 16} className="wf-label" textAnchor="end">
          Received ↓
        </text>
        <line x1={LABEL_W} x2={LABEL_W + plotW} y1={laneMid} y2={laneMid} className="wf-baseline" />
        <LaneMarks lane={model.sent} x={x} y={laneMid} direction="up" plotW={plotW} left={LABEL_W} />
        <LaneMarks lane={model.received} x={x} y={laneMid} direction="down" plotW={plotW} left={LABEL_W} />

        {model.halfClosedMs !== null ? (
          <g>
            <line x1={x(model.halfClosedMs)} x2={x(model.halfClosedMs)} y1={laneMid - ROW_H} y2={laneMid} className="wf-halfclose" />
            <title>{`Client ended its stream at ${formatMs(model.halfClosedMs)}`}</title>
          </g>
        ) : null}

        <line x1={x(model.endMs)} x2={x(model.endMs)} y1={4} y2={axisY} className="wf-end" />
        {statusLabel ? (
          <text x={x(model.endMs) - 4} y={12} className="wf-end-label" textAnchor="end">
            {statusLabel} · {formatMs(model.endMs)}
          </text>
        ) : null}
      </svg>
      <AttemptBars bars={attempts} endMs={model.endMs} width={width} />
    </div>
  );
}

function LaneMarks({ lane, x, y, direction, plotW, left }: { lane: Lane; x: (ms: number) => number; y: number; direction: 'up' | 'down'; plotW: number; left: number }) {
  const cls = direction === 'up' ? 'wf-sent' : 'wf-received';
  const h = 16;
  if (lane.kind === 'ticks') {
    return (
      <g className={cls}>
        {lane.times.map((t, i) => (
          <line key={i} x1={x(t)} x2={x(t)} y1={direction === 'up' ? y - h : y + 1} y2={direction === 'up' ? y - 1 : y + h} className="wf-tick" />
        ))}
      </g>
    );
  }
  const binW = plotW / lane.bins.length;
  return (
    <g className={cls}>
      {lane.bins.map((count, i) => {
        if (count === 0) return null;
        const bh = Math.max(2, (count / lane.max) * h);
        return <rect key={i} x={left + i * binW} width={Math.max(1, binW - 0.5)} y={direction === 'up' ? y - bh : y + 1} height={bh} className="wf-bin" />;
      })}
    </g>
  );
}

function describe(model: WaterfallModel, statusLabel: string | null): string {
  const parts = model.phases.map((p) => `${p.label} ${formatMs(p.endMs - p.startMs)}`);
  parts.push(`ended ${statusLabel ?? ''} at ${formatMs(model.endMs)}`);
  return `Call waterfall: ${parts.join(', ')}`;
}
