import { formatMs } from '../../lib/format';
import { placeAttemptLabel, type AttemptBar } from './attempts-model';

const LABEL_W = 116;
const PAD_R = 16;
const ROW_H = 18;
/** About one character of .wf-value (10.5 px monospace), to tell whether a status fits beside its bar. */
const VALUE_CHAR_W = 6.5;

function toneOf(status: string): string {
  if (status === 'OK') return 'wf-attempt-ok';
  // No grpc-status: reset, or a hedge grpc-js cancelled once another attempt won. Not a failure.
  if (status === 'no status') return 'wf-attempt-none';
  return 'wf-attempt-failed';
}

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
        const label = placeAttemptLabel(x1, w, LABEL_W + plotW, bar.status.length * VALUE_CHAR_W);
        return (
          <g key={bar.number} role="img" aria-label={`Attempt ${bar.number}: ${bar.status}`}>
            <text x={LABEL_W - 8} y={y + 12} className="wf-label" textAnchor="end">
              Attempt {bar.number}
            </text>
            <rect x={x1} y={y + 2} width={w} height={ROW_H - 6} rx={2} className={`wf-attempt ${toneOf(bar.status)}`}>
              <title>{`Attempt ${bar.number}: ${bar.status}, ${formatMs(bar.startMs)} – ${formatMs(bar.endMs)}`}</title>
            </rect>
            <text x={label.x} y={y + 12} className={label.inside ? 'wf-value wf-value-inside' : 'wf-value'} textAnchor={label.anchor}>
              {bar.status}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
