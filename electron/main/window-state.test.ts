import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIN_WINDOW_SIZE } from './window-options';
import { DEFAULT_WINDOW_SIZE, parseWindowState, readWindowState, restoreWindowState, type Rect, type WindowState, writeWindowState } from './window-state';

const primary: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
const right: Rect = { x: 1920, y: 0, width: 1280, height: 984 };

function state(bounds: Rect, maximized = false): WindowState {
  return { bounds, maximized };
}
function fullyInside(inner: Rect, outer: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

describe('restoreWindowState', () => {
  it('centres the default size on the primary display when nothing was saved', () => {
    const restored = restoreWindowState(null, [primary, right]);
    expect(restored.maximized).toBe(false);
    expect(restored.bounds).toEqual({ x: 320, y: 110, ...DEFAULT_WINDOW_SIZE });
  });

  it('keeps a saved window that is fully visible, and its maximized flag', () => {
    const saved = state({ x: 2000, y: 50, width: 1000, height: 700 }, true);
    expect(restoreWindowState(saved, [primary, right])).toEqual(saved);
  });

  it('moves a window hanging off the edge fully onto the display it overlaps most', () => {
    const restored = restoreWindowState(state({ x: 1700, y: 900, width: 1000, height: 700 }), [primary, right]);
    // Overlap with primary is 220 x 140 = 30800, with right 780 x 84 = 65520: it goes right.
    expect(fullyInside(restored.bounds, right)).toBe(true);
    expect(restored.bounds).toEqual({ x: 1920, y: 284, width: 1000, height: 700 });
  });

  it('shrinks a window larger than its display', () => {
    const restored = restoreWindowState(state({ x: 1950, y: 10, width: 3000, height: 2000 }), [primary, right]);
    expect(restored.bounds).toEqual(right);
  });

  it('centres a window from an unplugged display on the primary one', () => {
    const restored = restoreWindowState(state({ x: 5000, y: 3000, width: 900, height: 600 }), [primary]);
    expect(restored.bounds).toEqual({ x: 510, y: 220, width: 900, height: 600 });
  });

  it('raises a tiny saved size to the minimum, unless the display is smaller', () => {
    const restored = restoreWindowState(state({ x: 10, y: 10, width: 100, height: 50 }), [primary]);
    expect(restored.bounds).toEqual({ x: 10, y: 10, ...MIN_WINDOW_SIZE });
    const tinyDisplay: Rect = { x: 0, y: 0, width: 640, height: 480 };
    expect(restoreWindowState(state({ x: 0, y: 0, width: 1000, height: 800 }), [tinyDisplay]).bounds).toEqual(tinyDisplay);
  });

  it('handles negative display coordinates (a display left of the primary)', () => {
    const left: Rect = { x: -1600, y: 0, width: 1600, height: 900 };
    const restored = restoreWindowState(state({ x: -1700, y: -50, width: 800, height: 600 }), [primary, left]);
    expect(restored.bounds).toEqual({ x: -1600, y: 0, width: 800, height: 600 });
  });
});

describe('parseWindowState', () => {
  it('accepts a valid file', () => {
    expect(parseWindowState('{"bounds":{"x":-5,"y":0,"width":900,"height":700},"maximized":false}')).toEqual(state({ x: -5, y: 0, width: 900, height: 700 }));
  });

  it.each([
    'not json',
    'null',
    '{}',
    '{"bounds":{"x":0,"y":0,"width":0,"height":700},"maximized":false}',
    '{"bounds":{"x":0,"y":0,"width":1.5,"height":700},"maximized":false}',
    '{"bounds":{"x":"0","y":0,"width":900,"height":700},"maximized":false}',
    '{"bounds":{"x":1e9,"y":0,"width":900,"height":700},"maximized":false}',
    '{"bounds":{"x":0,"y":0,"width":900,"height":700},"maximized":"yes"}',
  ])('rejects %s', (text) => {
    expect(parseWindowState(text)).toBeNull();
  });
});

describe('window state file', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('round-trips through disk atomically and ignores a corrupt file', () => {
    dir = mkdtempSync(join(tmpdir(), 'workbench-window-state-'));
    const file = join(dir, 'window-state.json');
    expect(readWindowState(file)).toBeNull();
    const saved = state({ x: 1, y: 2, width: 1000, height: 700 }, true);
    expect(writeWindowState(file, saved)).toBe(true);
    expect(readWindowState(file)).toEqual(saved);
    expect(readdirSync(dir)).toEqual(['window-state.json']);
    writeFileSync(file, '{"bounds":');
    expect(readWindowState(file)).toBeNull();
    expect(readFileSync(file, 'utf8')).toBe('{"bounds":');
  });

  it('reports a failed write instead of throwing', () => {
    expect(writeWindowState(join(tmpdir(), 'no-such-dir-for-workbench', 'x', 'window-state.json'), state(primary))).toBe(false);
  });
});
