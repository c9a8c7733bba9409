import { describe, expect, it } from 'vitest';
import { MessageRing } from './message-ring';

describe('MessageRing', () => {
  it('keeps everything until full, oldest first', () => {
    const ring = new MessageRing<number>(3);
    ring.push(1);
    ring.push(2);
    expect(ring.toArray()).toEqual([1, 2]);
    expect(ring.size).toBe(2);
    expect(ring.evicted).toBe(0);
  });

  it('keeps the newest items once full and counts what it pushed out', () => {
    const ring = new MessageRing<number>(3);
    for (let i = 1; i <= 10; i += 1) ring.push(i);
    expect(ring.toArray()).toEqual([8, 9, 10]);
    expect(ring.get(0)).toBe(8);
    expect(ring.get(2)).toBe(10);
    expect(ring.get(3)).toBeUndefined();
    expect(ring.totalPushed).toBe(10);
    expect(ring.evicted).toBe(7);
  });

  it('shrinks to the newest items and grows without losing any', () => {
    const ring = new MessageRing<number>(5);
    for (let i = 1; i <= 7; i += 1) ring.push(i);
    ring.resize(2);
    expect(ring.toArray()).toEqual([6, 7]);
    ring.resize(4);
    ring.push(8);
    ring.push(9);
    ring.push(10);
    expect(ring.toArray()).toEqual([7, 8, 9, 10]);
  });

  it('treats a nonsense capacity as one', () => {
    const ring = new MessageRing<string>(0);
    ring.push('a');
    ring.push('b');
    expect(ring.toArray()).toEqual(['b']);
  });
});
