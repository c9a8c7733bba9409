import type { MetadataEntry } from '../../../shared/metadata';
import { metadataKeyProblem, requestMetadataSizeProblem } from '../../../shared/metadata';
import { parseOptionalInt } from '../lib/number-field';
import type { MetadataRow } from '../store/request-tab';

/** Rows the user left completely empty are ignored; anything else must have a valid key, and all of it fit the metadata bounds. */
export function metadataEntries(rows: readonly MetadataRow[]): { entries: MetadataEntry[]; problem: string | null } {
  const entries: MetadataEntry[] = [];
  for (const row of rows) {
    const key = row.key.trim();
    if (key === '' && row.value === '') continue;
    const problem = metadataKeyProblem(key);
    if (problem !== null) return { entries: [], problem };
    if (key.toLowerCase().endsWith('-bin') && !isBase64(row.value)) {
      return { entries: [], problem: `Metadata "${key}" is binary (its key ends in -bin): enter its value as base64.` };
    }
    entries.push({ key: key.toLowerCase(), value: row.value });
  }
  const tooMuch = requestMetadataSizeProblem(entries);
  if (tooMuch !== null) return { entries: [], problem: tooMuch.message };
  return { entries, problem: null };
}

export function deadlineMs(text: string): { value: number | null; problem: string | null } {
  const parsed = parseOptionalInt(text);
  if (parsed.problem !== null) return { value: null, problem: `Deadline: ${parsed.problem}` };
  if (parsed.value === 0) return { value: null, problem: 'Deadline: a deadline of 0 ms would fail at once. Leave it empty for no deadline.' };
  return parsed;
}

export function isBase64(text: string): boolean {
  const compact = text.replace(/\s/g, '');
  return /^[A-Za-z0-9+/_-]*={0,2}$/.test(compact) && compact.replace(/=+$/, '').length % 4 !== 1;
}
