import type { RequestVerdict } from './judge-request';

/** One request's line in a report. */
export interface RequestResult {
  /** Collection-relative path, e.g. "billing/Charge card.grpc.yaml". */
  path: string;
  name: string;
  folder: string;
  status: string | null;
  durationMs: number;
  /** The response messages as JSON text (in the JSON report). */
  received: string[];
  verdict: RequestVerdict;
  /** What the run did besides judging, e.g. "Snapshot saved: …" with --update-snapshots. */
  notes?: string[];
}

export interface RunReport {
  collection: string;
  environment: string | null;
  results: RequestResult[];
  /** True when --bail stopped the run after a failure. */
  bailed: boolean;
}

export type ReporterName = 'console' | 'json' | 'junit';
export const REPORTER_NAMES: readonly ReporterName[] = ['console', 'json', 'junit'];

/** The progress line printed as each request finishes. */
export function progressLine(result: RequestResult): string {
  const mark = result.verdict.passed ? '✓' : '✗';
  const where = result.folder === '' ? result.name : `${result.folder}/${result.name}`;
  const lines = [`${mark} ${where}  ${result.status ?? 'NOT RUN'}  ${result.durationMs} ms`];
  for (const failure of result.verdict.failures) lines.push(`    ${failure}`);
  for (const note of result.notes ?? []) lines.push(`    ${note}`);
  return lines.join('\n');
}

export function summaryLine(report: RunReport): string {
  const failed = report.results.filter((r) => !r.verdict.passed).length;
  const bail = report.bailed ? ' (stopped at the first failure: --bail)' : '';
  return `${report.results.length} requests, ${report.results.length - failed} passed, ${failed} failed${bail}`;
}

export function jsonReport(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

// XML 1.0 allows no control characters but tab, LF and CR, not even as references.
// eslint-disable-next-line no-control-regex -- control characters are what is removed
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function xmlEscape(text: string): string {
  return text.replace(XML_FORBIDDEN, '\ufffd').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** JUnit XML as CI systems read it: one testsuite per collection folder, one testcase per request. */
export function junitReport(report: RunReport, now: Date = new Date()): string {
  const folders = [...new Set(report.results.map((r) => r.folder))];
  const total = report.results.length;
  const failures = report.results.filter((r) => !r.verdict.passed).length;
  const totalMs = report.results.reduce((sum, r) => sum + r.durationMs, 0);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="${xmlEscape(report.collection)}" tests="${total}" failures="${failures}" errors="0" time="${seconds(totalMs)}">`];
  for (const [id, folder] of folders.entries()) {
    const cases = report.results.filter((r) => r.folder === folder);
    const suiteName = folder === '' ? report.collection : `${report.collection}/${folder}`;
    const suiteFailures = cases.filter((r) => !r.verdict.passed).length;
    const suiteMs = cases.reduce((sum, r) => sum + r.durationMs, 0);
    lines.push(
      `  <testsuite name="${xmlEscape(suiteName)}" id="${id}" package="${xmlEscape(suiteName)}" hostname="localhost" tests="${cases.length}" failures="${suiteFailures}" errors="0" skipped="0" time="${seconds(suiteMs)}" timestamp="${now.toISOString().slice(0, 19)}">`,
    );
    lines.push('    <properties/>');
    for (const result of cases) {
      const open = `    <testcase name="${xmlEscape(result.name)}" classname="${xmlEscape(suiteName)}" time="${seconds(result.durationMs)}"`;
      if (result.verdict.passed) {
        lines.push(`${open}/>`);
        continue;
      }
      const message = result.verdict.failures[0] ?? 'failed';
      lines.push(`${open}>`);
      lines.push(`      <failure message="${xmlEscape(message)}" type="${xmlEscape(result.status ?? 'NOT_RUN')}">${xmlEscape(result.verdict.failures.join('\n'))}</failure>`);
      lines.push('    </testcase>');
    }
    lines.push('    <system-out/>', '    <system-err/>', '  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
