// A request's deadline as typed (the Deadline (ms) field, a saved request's `deadline:`), read
// the same way by the app, the runner and the load command: one parser, so a request file that
// runs in the app runs in CI with the same deadline.
import { parseOptionalInt } from './number-field';
import { NUMBER_RANGES } from './validation';

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000 };

/** "2147483000" -> "2,147,483,000" */
function count(value: number): string {
  return value.toLocaleString('en-US');
}

/**
 * "1500", "1_500", "1500ms", "1.5s", "2m" -> milliseconds; "" -> null (no deadline). A bare
 * number is milliseconds. 0 and anything over gRPC's timer range are problems, named.
 */
export function deadlineMs(text: string): { value: number | null; problem: string | null } {
  const withUnit = /^(\d+(?:\.\d+)?)\s*(ms|s|m)$/.exec(text.trim());
  const parsed = withUnit ? { value: Math.round(Number(withUnit[1]) * UNITS[withUnit[2]!]!), problem: null } : parseOptionalInt(text);
  if (parsed.problem !== null) {
    return { value: null, problem: `Deadline: enter whole milliseconds (1500) or a duration like 5s or 2m, or leave it empty for no deadline (got "${text.trim()}").` };
  }
  if (parsed.value === 0) return { value: null, problem: 'Deadline: a deadline of 0 ms would fail at once. Leave it empty for no deadline.' };
  const { max } = NUMBER_RANGES.deadlineMs;
  if (parsed.value !== null && parsed.value > max) {
    return {
      value: null,
      problem: `Deadline: at most ${count(max)} ms (about ${Math.floor((max / 86_400_000) * 10) / 10} days); a longer one overflows gRPC's timers and expires at once. Leave it empty for no deadline.`,
    };
  }
  return parsed;
}
