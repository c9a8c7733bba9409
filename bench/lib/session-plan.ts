/**
 * The long session of issue 11 (a user's day in one page): 5,000 unary calls and 50 server
 * streams of 10,000 messages, in rounds of 100 unary calls then one stream. The heap's
 * reference point is after the first tenth (500 calls); the click-to-frame reference is
 * after the first round, once both tabs show a result.
 *
 * BENCH_SESSION_SCALE (0 < scale <= 1) shortens it for a quick run: fewer rounds, each round
 * and each stream unchanged, the reference still after the first tenth. Rows of a scaled run
 * name their numbers and say "scaled".
 */
export interface SessionPlan {
  rounds: number;
  unaryPerRound: number;
  messagesPerStream: number;
  /** Rounds after which the heap's reference is read. */
  heapMarkRound: number;
  scale: number;
}

export const FULL_SESSION = { unaryCalls: 5_000, streams: 50, messagesPerStream: 10_000 } as const;
const UNARY_PER_ROUND = FULL_SESSION.unaryCalls / FULL_SESSION.streams;

export function sessionPlan(scaleText: string | undefined): SessionPlan {
  const scale = scaleText === undefined || scaleText.trim() === '' ? 1 : Number(scaleText);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1) {
    throw new Error(`BENCH_SESSION_SCALE must be a number above 0 and at most 1 (1 = the issue's 5,000 calls and 50 streams); got "${scaleText}".`);
  }
  const rounds = Math.max(2, Math.round(FULL_SESSION.streams * scale));
  return { rounds, unaryPerRound: UNARY_PER_ROUND, messagesPerStream: FULL_SESSION.messagesPerStream, heapMarkRound: Math.max(1, Math.round(rounds / 10)), scale };
}

export function unaryCallsOf(plan: SessionPlan, rounds = plan.rounds): number {
  return rounds * plan.unaryPerRound;
}
