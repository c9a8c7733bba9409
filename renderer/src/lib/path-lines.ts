/** One path per line, as typed in the import dialog: blank lines and surrounding spaces ignored, duplicates dropped. */
export function parsePathLines(text: string): string[] {
  const seen = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const path = line.trim();
    if (path !== '') seen.add(path);
  }
  return [...seen];
}

/** Append paths to a one-per-line text, skipping those already listed. */
export function appendPathLines(text: string, paths: readonly string[]): string {
  const existing = parsePathLines(text);
  const merged = [...existing, ...paths.filter((p) => !existing.includes(p))];
  return merged.join('\n');
}
