/**
 * The request messages of a client-streaming or bidi call as the AsyncIterable a connect-es
 * transport reads: write() adds one, end() is the half-close. The transport pulls at its pace;
 * messages written before it pulls wait here (a call's own messages, so unbounded is fine).
 */
export class RequestStream<T> implements AsyncIterable<T> {
  private readonly queued: T[] = [];
  private ended = false;
  private wake: (() => void) | null = null;

  write(message: T): void {
    this.queued.push(message);
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const next = this.queued.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}
