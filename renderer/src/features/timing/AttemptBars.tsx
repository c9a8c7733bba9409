import { formatMs } from '../../lib/format';
import type { AttemptBar } from './attempts-model';

const LABEL_W = 116;
const PAD_R = 16;
const ROW_H = 18;

/**
 * One bar per attempt on the call's time axis, under the waterfall (same left label column), so
 * retries and their backoff gaps are visible. Each bar is named "Attempt 2: UNAVAILABLE".
 */
export function AttemptBars({ bars, endMs, width }: { bars: readonly AttemptBar[]; endMs: number; width: number }) {
  if (bars.length === 0) return null;
  const plotW = Math.max(80, width - LABEL_W - PAD_R);
  const end = Math.max(endMs, ...bars.map((b) => b.endMs), 0.001);
  const x = (ms: number) => LABEL_W + (Math.min(ms, end) / end) * plotW;
  return (
    <svg width={width} height={bars.length * ROW_H + 6} role="group" aria-label="Attempts">
      {bars.map((bar, i) => {
        const y = 3 + i * ROW_H;
        const x1 = x(bar.startMs);
        const w = Math.max(2, x(bar.endMs) - x1);
        const tone = bar.status === 'OK' ? 'wf-attempt-ok' : 'wf-attempt-failed';
        return (
          <g key={bar.number} role="img" aria-label={`Attempt ${bar.number}: ${bar.status}`}>
            <text x={LABEL_W - 8} y={y + 12} className="wf-label" textAnchor="end">
              Attempt {bar.number}
            </text>
            <rect x={x1} y={y + 2} width={w} height={ROW_H - 6} rx={2} className={`wf-attempt ${tone}`}>
              <title>{`Attempt ${bar.number}: ${bar.status}, ${formatMs(bar.startMs)} – ${formatMs(bar.endMs)}`}</title>
            </rect>
            <text x={Math.min(x1 + w + 6, LABEL_W + plotW - 90)} y={y + 12} className="wf-value">
              {bar.status}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
