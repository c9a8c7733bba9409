/**
 * The last `capacity` items of an unbounded sequence, oldest first, in O(1) per push and
 * fixed memory; everything older is only counted. A call keeps its stream messages here so a
 * million-message stream costs the same memory as a ten-thousand-message one.
 */
export class MessageRing<T> {
  private readonly items: (T | undefined)[];
  private next = 0;
  private pushed = 0;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`MessageRing capacity must be a whole number >= 1 (got ${capacity}).`);
    // Small at first: a unary call keeps two messages, and 1,024 slots per call (8 KiB) were
    // garbage the collector paid for on every call.
    this.items = new Array<T | undefined>(Math.min(capacity, 4));
  }

  push(item: T): void {
    if (this.next >= this.items.length && this.items.length < this.capacity) {
      // Grow on demand so a call that sends three messages does not reserve 10,000 slots.
      this.items.length = Math.min(this.capacity, this.items.length * 2);
    }
    this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
    this.pushed += 1;
  }

  /** Items ever pushed. */
  get total(): number {
    return this.pushed;
  }

  /** Items currently kept. */
  get size(): number {
    return Math.min(this.pushed, this.capacity);
  }

  /** Items pushed but no longer kept. */
  get dropped(): number {
    return this.pushed - this.size;
  }

  /** The i-th kept item, 0 = oldest (undefined outside 0..size-1). */
  at(i: number): T | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) return undefined;
    const oldest = this.pushed <= this.capacity ? 0 : this.next;
    return this.items[(oldest + i) % this.capacity];
  }

  /** The kept items, oldest first. */
  toArray(): T[] {
    if (this.pushed <= this.capacity) return this.items.slice(0, this.pushed) as T[];
    return [...this.items.slice(this.next), ...this.items.slice(0, this.next)] as T[];
  }
}
