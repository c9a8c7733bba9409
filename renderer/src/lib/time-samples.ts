/**
 * Bounded record of event times (ms since call start) for the timing waterfall. Keeps every
 * time until the buffer fills, then halves its resolution (keeps every other sample and
 * doubles the stride), so a 10-million-message stream still costs at most `limit` numbers
 * while the picture's density stays faithful.
 */
export class TimeSamples {
  private times: Float64Array;
  private length = 0;
  private stride = 1;
  private skipped = 0; // arrivals since the last kept sample
  private seen = 0;

  constructor(private readonly limit = 65_536) {
    this.times = new Float64Array(Math.max(2, limit));
  }

  /** Every time ever added (kept or thinned out). */
  get total(): number {
    return this.seen;
  }

  /** How many real events each kept sample stands for. */
  get weight(): number {
    return this.stride;
  }

  add(timeMs: number): void {
    this.seen += 1;
    this.skipped += 1;
    if (this.skipped < this.stride) return;
    this.skipped = 0;
    if (this.length === this.times.length) this.thin();
    this.times[this.length] = timeMs;
    this.length += 1;
  }

  /** The kept samples, oldest first (a view: do not keep it across adds). */
  samples(): Float64Array {
    return this.times.subarray(0, this.length);
  }

  private thin(): void {
    let write = 0;
    for (let read = 1; read < this.length; read += 2) {
      this.times[write] = this.times[read] as number;
      write += 1;
    }
    this.length = write;
    this.stride *= 2;
  }
}
