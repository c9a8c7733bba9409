import type { Figure } from './stats';

/**
 * How a row's target is judged, always on medians:
 *   ratio-at-most / ratio-at-least: ours / baseline (times: lower is better; rates: higher is better)
 *   baseline-plus-at-most: ours <= baseline + value (same unit)
 *   below: ours < value (absolute; no baseline)
 *   report: shown, not judged
 */
export type Target =
  | { kind: 'ratio-at-most'; value: number }
  | { kind: 'ratio-at-least'; value: number }
  | { kind: 'baseline-plus-at-most'; value: number }
  | { kind: 'below'; value: number }
  | { kind: 'report' };

export type Verdict = 'met' | 'MISSED' | 'report' | 'not measured';

export interface Row {
  section: string;
  what: string;
  unit: string;
  ours: Figure | null;
  baseline: Figure | null;
  baselineName: string;
  target: Target;
  /** Why the row has no figure, or anything a reader must know to trust it. */
  note: string;
  /**
   * For a row that can miss: the measured cause of a miss and what would close it (issue 11:
   * every miss says both). Shown in the notes only when the row is MISSED.
   */
  missedBecause?: string;
}

export interface JudgedRow extends Row {
  ratio: number | null;
  verdict: Verdict;
  targetText: string;
}

export function judge(row: Row): JudgedRow {
  const ratio = row.ours && row.baseline && row.baseline.median !== 0 ? row.ours.median / row.baseline.median : null;
  const targetText = describeTarget(row.target, row.unit);
  if (row.target.kind === 'report') return { ...row, ratio, verdict: row.ours ? 'report' : 'not measured', targetText };
  if (!row.ours) return { ...row, ratio, verdict: 'not measured', targetText };
  const ours = row.ours.median;
  let met: boolean | null;
  switch (row.target.kind) {
    case 'ratio-at-most':
      met = ratio === null ? null : ratio <= row.target.value;
      break;
    case 'ratio-at-least':
      met = ratio === null ? null : ratio >= row.target.value;
      break;
    case 'baseline-plus-at-most':
      met = row.baseline ? ours <= row.baseline.median + row.target.value : null;
      break;
    case 'below':
      met = ours < row.target.value;
      break;
  }
  return { ...row, ratio, verdict: met === null ? 'not measured' : met ? 'met' : 'MISSED', targetText };
}

function describeTarget(target: Target, unit: string): string {
  switch (target.kind) {
    case 'ratio-at-most':
      return `≤ ${target.value}x`;
    case 'ratio-at-least':
      return `≥ ${target.value}x`;
    case 'baseline-plus-at-most':
      return `≤ baseline + ${target.value} ${unit}`;
    case 'below':
      return `< ${target.value} ${unit}`;
    case 'report':
      return '—';
  }
}

export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100_000) return `${Math.round(value / 1000).toLocaleString('en-US')}k`;
  if (abs >= 1_000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

function formatFigure(figure: Figure | null, unit: string): string {
  if (!figure) return '—';
  const spread = figure.runs > 1 ? ` (${formatNumber(figure.min)}–${formatNumber(figure.max)}, n=${figure.runs})` : ' (n=1)';
  return `${formatNumber(figure.median)} ${unit}${spread}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function markdownTable(rows: readonly JudgedRow[]): string {
  const header = '| what | ours | baseline | ratio | target | result | notes |\n|---|---|---|---|---|---|---|';
  const lines = rows.map((r) => {
    const baseline = r.baseline ? `${formatFigure(r.baseline, r.unit)} — ${r.baselineName}` : r.baselineName ? `— (${r.baselineName})` : '—';
    const ratio = r.ratio === null ? '—' : `${r.ratio.toFixed(2)}x`;
    const result = r.verdict === 'not measured' ? `not measured` : r.verdict;
    return `| ${cell(r.what)} | ${cell(formatFigure(r.ours, r.unit))} | ${cell(baseline)} | ${ratio} | ${cell(r.targetText)} | **${result}** | ${cell(notesOf(r))} |`;
  });
  return [header, ...lines].join('\n');
}

/** A row's notes, with the measured cause of a miss (and what would close it) when it missed. */
export function notesOf(row: JudgedRow): string {
  if (row.verdict !== 'MISSED' || !row.missedBecause) return row.note;
  const cause = `Missed: ${row.missedBecause}`;
  return row.note === '' ? cause : `${row.note}. ${cause}`;
}
