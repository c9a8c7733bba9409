import type { SnapshotComparison, SnapshotInfo } from '../../../../shared/snapshot';

const messages = (n: number) => `${n.toLocaleString('en-US')} message${n === 1 ? '' : 's'}`;

/** What status `Snapshot` says: "matches (5 messages)", "differs at message 2, $.index: expected 7 got 2" … */
export function snapshotStatusText(info: SnapshotInfo | null, comparison: SnapshotComparison | null): string {
  if (info === null) return 'No snapshot yet';
  if (comparison === null) return `${messages(info.messages)} recorded; compared after each call`;
  if (comparison.matches) return `matches (${messages(comparison.compared)})`;
  if (comparison.kind === 'value') return `differs at message ${comparison.messageIndex}, ${comparison.path}: expected ${comparison.expected} got ${comparison.actual}`;
  return `differs: ${comparison.message}`;
}

/** The ignore paths field's text: one path per line. */
export function ignoreLines(text: string): string[] {
  return text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}
