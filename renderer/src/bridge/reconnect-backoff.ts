// How long to wait before reconnect attempt N (1-based): exponential from 250 ms, capped at
// 10 s, with jitter so several tabs do not knock on a restarting host in lockstep.
const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 10_000;

export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
