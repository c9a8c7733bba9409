import { createWriteStream } from 'node:fs';
import type { Page } from 'playwright-core';

/** What the renderer holds after a forced GC, from the DevTools protocol's Performance domain. */
export interface RendererMemory {
  /** JSHeapUsedSize in MB of 2^20 bytes, as the 1,000,000-message heap row. */
  jsHeapMb: number;
  /** DOM nodes alive (the Performance metric `Nodes`). */
  domNodes: number;
  /** Event listeners attached (`JSEventListeners`). */
  listeners: number;
}

/**
 * Two `HeapProfiler.collectGarbage`, then `Performance.getMetrics`: what stays reachable, not
 * what the collector has not reached yet. The DOM and listener counts say whether growth is
 * in the page's nodes rather than in its data.
 */
export async function rendererMemoryAfterGc(page: Page): Promise<RendererMemory> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string): number => {
      const found = metrics.find((m) => m.name === name);
      if (!found) throw new Error(`Performance.getMetrics has no ${name}`);
      return found.value;
    };
    return { jsHeapMb: metric('JSHeapUsedSize') / (1024 * 1024), domNodes: metric('Nodes'), listeners: metric('JSEventListeners') };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Writes a heap snapshot of the page (after a GC) to `file`, for comparing what grew (Chrome DevTools > Memory > Load). */
export async function writeHeapSnapshot(page: Page, file: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const out = createWriteStream(file);
  try {
    cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => out.write(chunk));
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    await cdp.detach().catch(() => undefined);
  }
}
