import type { ConnectionSettings } from '../../../shared/connection';
import type { MetadataEntry } from '../../../shared/metadata';
import { metadataKeyProblem, requestMetadataSizeProblem } from '../../../shared/metadata';
import { NUMBER_RANGES } from '../../../shared/validation';
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

export interface NumberSetting {
  /** The field's label, e.g. "Keepalive time". */
  label: string;
  unit: 'ms' | 'bytes';
  range: { readonly min: number; readonly max: number };
  /** What an empty field means, e.g. "off". */
  empty: string;
}

/** The connection settings' number fields, with the contract's ranges (shared/validation.ts). */
export const CONNECTION_NUMBER_SETTINGS = {
  keepaliveTimeMs: { label: 'Keepalive time', unit: 'ms', range: NUMBER_RANGES.keepaliveMs, empty: 'off' },
  keepaliveTimeoutMs: { label: 'Keepalive timeout', unit: 'ms', range: NUMBER_RANGES.keepaliveMs, empty: 'the default, 20000' },
  maxReceiveBytes: { label: 'Max receive message size', unit: 'bytes', range: NUMBER_RANGES.messageBytes, empty: 'the default, 64 MiB' },
  maxSendBytes: { label: 'Max send message size', unit: 'bytes', range: NUMBER_RANGES.messageBytes, empty: 'unlimited' },
} as const satisfies Record<string, NumberSetting>;

/** Why `value` is outside the setting's range (naming the range), or null when it fits. */
export function numberSettingProblem(setting: NumberSetting, value: number | null): string | null {
  if (value === null || (Number.isInteger(value) && value >= setting.range.min && value <= setting.range.max)) return null;
  const { min, max } = setting.range;
  const range = min === -1 ? `-1 (unlimited) or from 0 to ${count(max)} ${setting.unit}` : `from ${count(min)} to ${count(max)} ${setting.unit}`;
  const about = setting.unit === 'ms' ? ` (${days(max)})` : ` (just under ${(max + 1) / 1024 ** 3} GiB)`;
  return `${setting.label}: enter a whole number ${range}${about}, or leave it empty for ${setting.empty} (got ${count(value)}).`;
}

/** The first connection setting the contract would refuse, said as the field shows it; null when all fit. */
export function connectionSettingsProblem(connection: ConnectionSettings): string | null {
  const S = CONNECTION_NUMBER_SETTINGS;
  return (
    numberSettingProblem(S.keepaliveTimeMs, connection.keepalive.timeMs) ??
    numberSettingProblem(S.keepaliveTimeoutMs, connection.keepalive.timeoutMs) ??
    numberSettingProblem(S.maxReceiveBytes, connection.maxReceiveBytes) ??
    numberSettingProblem(S.maxSendBytes, connection.maxSendBytes)
  );
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** "about 24.8 days" */
function days(ms: number): string {
  return `about ${Math.floor((ms / 86_400_000) * 10) / 10} days`;
}

export function isBase64(text: string): boolean {
  const compact = text.replace(/\s/g, '');
  return /^[A-Za-z0-9+/_-]*={0,2}$/.test(compact) && compact.replace(/=+$/, '').length % 4 !== 1;
}
