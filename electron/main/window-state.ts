// Window size and position between runs: a small JSON file in userData, validated on read
// and clamped to a display that is connected now (a monitor may have been unplugged).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { MIN_WINDOW_SIZE as MIN_SIZE } from './window-options';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;

const windowStateSchema = z.object({
  bounds: z.object({
    x: z.number().int().min(-100_000).max(100_000),
    y: z.number().int().min(-100_000).max(100_000),
    width: z.number().int().positive().max(100_000),
    height: z.number().int().positive().max(100_000),
  }),
  maximized: z.boolean(),
});

export function parseWindowState(text: string): WindowState | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = windowStateSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** Missing, unreadable or invalid file: null (the window opens with defaults). */
export function readWindowState(filePath: string): WindowState | null {
  try {
    return parseWindowState(readFileSync(filePath, 'utf8'));
  } catch {
    return null;
  }
}

/** Written atomically (temp file + rename) so a crash never leaves half a file. Sync: it runs in the window's close handler. */
export function writeWindowState(filePath: string, state: WindowState): boolean {
  const temp = `${filePath}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(state));
    renameSync(temp, filePath);
    return true;
  } catch {
    return false;
  }
}

function intersectionArea(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), Math.max(low, high));
}

function centered(size: { width: number; height: number }, area: Rect): Rect {
  const width = clamp(size.width, Math.min(MIN_SIZE.width, area.width), area.width);
  const height = clamp(size.height, Math.min(MIN_SIZE.height, area.height), area.height);
  return {
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
    width,
    height,
  };
}

/**
 * Where the window opens. workAreas lists the displays' work areas, the primary one first.
 * The saved rectangle is kept on the display it overlaps most, shrunk to fit and moved fully
 * inside it; a rectangle on no current display is centred on the primary display.
 */
export function restoreWindowState(saved: WindowState | null, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0];
  if (primary === undefined) {
    return { bounds: { x: 0, y: 0, ...DEFAULT_WINDOW_SIZE }, maximized: false };
  }
  if (saved === null) return { bounds: centered(DEFAULT_WINDOW_SIZE, primary), maximized: false };

  let best: Rect | null = null;
  let bestArea = 0;
  for (const area of workAreas) {
    const overlap = intersectionArea(saved.bounds, area);
    if (overlap > bestArea) {
      best = area;
      bestArea = overlap;
    }
  }
  if (best === null) return { bounds: centered(saved.bounds, primary), maximized: saved.maximized };

  const width = clamp(saved.bounds.width, Math.min(MIN_SIZE.width, best.width), best.width);
  const height = clamp(saved.bounds.height, Math.min(MIN_SIZE.height, best.height), best.height);
  return {
    bounds: {
      x: clamp(saved.bounds.x, best.x, best.x + best.width - width),
      y: clamp(saved.bounds.y, best.y, best.y + best.height - height),
      width,
      height,
    },
    maximized: saved.maximized,
  };
}
