/**
 * Parse an optional whole number typed in a settings field. Empty means "not set" (null);
 * anything else must be a non-negative integer, else the problem is described.
 */
export function parseOptionalInt(text: string, options: { allowMinusOne?: boolean } = {}): { value: number | null; problem: string | null } {
  const trimmed = text.trim().replace(/[_,\s]/g, '');
  if (trimmed === '') return { value: null, problem: null };
  if (options.allowMinusOne && trimmed === '-1') return { value: -1, problem: null };
  if (!/^\d+$/.test(trimmed)) return { value: null, problem: 'Enter a whole number of 0 or more, or leave it empty.' };
  const value = Number(trimmed);
  if (!Number.isSafeInteger(value)) return { value: null, problem: 'That number is too large.' };
  return { value, problem: null };
}

export function intToText(value: number | null): string {
  return value === null ? '' : String(value);
}
