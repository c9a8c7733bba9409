/**
 * A fixed-capacity ring buffer that keeps the newest items. Stream messages go here so a
 * million-message stream costs the memory of the last N, and appending never copies the
 * retained array (the store bumps a version number instead of cloning).
 */
export class MessageRing<T> {
  private slots: (T | undefined)[];
  private head = 0; // index of the oldest retained item
  private count = 0;
  private pushed = 0;

  constructor(capacity: number) {
    this.slots = new Array<T | undefined>(normalizeCapacity(capacity));
  }

  get capacity(): number {
    return this.slots.length;
  }

  /** Items currently retained. */
  get size(): number {
    return this.count;
  }

  /** Items ever pushed, retained or not. */
  get totalPushed(): number {
    return this.pushed;
  }

  /** Items pushed out by newer ones. */
  get evicted(): number {
    return this.pushed - this.count;
  }

  push(item: T): void {
    const capacity = this.slots.length;
    if (this.count < capacity) {
      this.slots[(this.head + this.count) % capacity] = item;
      this.count += 1;
    } else {
      this.slots[this.head] = item;
      this.head = (this.head + 1) % capacity;
    }
    this.pushed += 1;
  }

  /** Replace the newest item (no-op when empty). */
  replaceNewest(item: T): void {
    if (this.count === 0) return;
    this.slots[(this.head + this.count - 1) % this.slots.length] = item;
  }

  /** Replace the i-th retained item, 0 = oldest (no-op outside 0..size-1). */
  replaceAt(index: number, item: T): void {
    if (index < 0 || index >= this.count) return;
    this.slots[(this.head + index) % this.slots.length] = item;
  }

  /** The i-th retained item, 0 = oldest. */
  get(index: number): T | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.slots[(this.head + index) % this.slots.length];
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i += 1) out.push(this.get(i) as T);
    return out;
  }

  /** Change the capacity, keeping the newest items that still fit. */
  resize(capacity: number): void {
    const next = normalizeCapacity(capacity);
    if (next === this.slots.length) return;
    const kept = this.toArray().slice(-next);
    this.slots = new Array<T | undefined>(next);
    kept.forEach((item, i) => {
      this.slots[i] = item;
    });
    this.head = 0;
    this.count = kept.length;
  }
}

function normalizeCapacity(capacity: number): number {
  return Number.isFinite(capacity) && capacity >= 1 ? Math.floor(capacity) : 1;
}
