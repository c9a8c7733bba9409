// Formatting shared by the response views. Pure, so it is unit-tested.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return integer.format(n);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${trimFraction(bytes / 1024)} KiB`;
  if (bytes < 1024 * 1024 * 1024) return `${trimFraction(bytes / (1024 * 1024))} MiB`;
  return `${trimFraction(bytes / (1024 * 1024 * 1024))} GiB`;
}

/** Milliseconds with a precision that suits the magnitude: 0.42 ms, 12.3 ms, 1,204 ms. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${formatCount(Math.round(ms))} ms`;
}

/** Short axis label: 0, 250 ms, 1.5 s, 2 min. */
export function formatAxisMs(ms: number): string {
  if (ms === 0) return '0';
  if (ms < 1000) return `${trimFraction(ms)} ms`;
  if (ms < 120_000) return `${trimFraction(ms / 1000)} s`;
  return `${trimFraction(ms / 60_000)} min`;
}

export function messageCountsText(sent: number, received: number): string {
  return `${formatCount(sent)} sent · ${formatCount(received)} received`;
}

/** "Showing 10,000 of 1,234,567 · 1,224,567 not loaded", or null when every message is shown. */
export function retentionText(shown: number, total: number): string | null {
  const missing = total - shown;
  if (missing <= 0) return null;
  return `Showing ${formatCount(shown)} of ${formatCount(total)} · ${formatCount(missing)} not loaded`;
}

function trimFraction(value: number): string {
  const rounded = value >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
  return String(rounded);
}
