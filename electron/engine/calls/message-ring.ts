/**
 * The last `capacity` items of an unbounded sequence, oldest first, in O(1) per push and
 * fixed memory; everything older is only counted. A call keeps its stream messages here so a
 * million-message stream costs the same memory as a ten-thousand-message one.
 *
 * With `sizeOf`, the ring also sums the sizes of what it keeps (`keptSize`), and its owner may
 * let the oldest items go early (`releaseOldest`) to stay within a byte budget: a call of 1 MiB
 * messages must not hold 10,000 of them.
 */
export class MessageRing<T> {
  /** A circular buffer: the oldest kept item at `head`, `length` items from there. */
  private items: (T | undefined)[];
  private head = 0;
  private length = 0;
  private pushed = 0;
  private sizes = 0;

  constructor(
    readonly capacity: number,
    private readonly sizeOf: ((item: T) => number) | null = null,
  ) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`MessageRing capacity must be a whole number >= 1 (got ${capacity}).`);
    // Small at first: a unary call keeps two messages, and 1,024 slots per call (8 KiB) were
    // garbage the collector paid for on every call.
    this.items = new Array<T | undefined>(Math.min(capacity, 4));
  }

  push(item: T): void {
    if (this.length === this.capacity) {
      this.dropOldest();
    } else if (this.length === this.items.length) {
      // Grow on demand so a call that sends three messages does not reserve 10,000 slots.
      const grown = this.toArray() as (T | undefined)[];
      grown.length = Math.min(this.capacity, this.items.length * 2);
      this.items = grown;
      this.head = 0;
    }
    this.items[(this.head + this.length) % this.items.length] = item;
    this.length += 1;
    this.pushed += 1;
    if (this.sizeOf !== null) this.sizes += this.sizeOf(item);
  }

  /** Let the oldest kept item go (it is counted as dropped from now on); undefined when empty. */
  releaseOldest(): T | undefined {
    return this.length === 0 ? undefined : this.dropOldest();
  }

  private dropOldest(): T | undefined {
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.length -= 1;
    if (this.sizeOf !== null && item !== undefined) this.sizes -= this.sizeOf(item);
    return item;
  }

  /** Items ever pushed. */
  get total(): number {
    return this.pushed;
  }

  /** Items currently kept. */
  get size(): number {
    return this.length;
  }

  /** Items pushed but no longer kept. */
  get dropped(): number {
    return this.pushed - this.length;
  }

  /** The sum of `sizeOf` over the kept items (0 without sizeOf). */
  get keptSize(): number {
    return this.sizes;
  }

  /** The i-th kept item, 0 = oldest (undefined outside 0..size-1). */
  at(i: number): T | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) return undefined;
    return this.items[(this.head + i) % this.items.length];
  }

  /** The kept items, oldest first. */
  toArray(): T[] {
    const end = this.head + this.length;
    if (end <= this.items.length) return this.items.slice(this.head, end) as T[];
    return [...this.items.slice(this.head), ...this.items.slice(0, end - this.items.length)] as T[];
  }
}
