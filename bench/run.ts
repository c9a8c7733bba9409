// npm run bench [-- --only import,stream,unary,ui,startup,workspace,load,session]
// Runs the benchmarks, prints a markdown table and writes it to bench/results/.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { judge, markdownTable, type JudgedRow, type Row } from './lib/report';
import { killAllProcessesNow, stopAllProcesses } from './lib/processes';
import { errorText, type Section } from './lib/section';
import { BENCH_DIR } from './lib/workers';
import { importSection } from './sections/import-section';
import { loadSection } from './sections/load-section';
import { streamSection } from './sections/stream-section';
import { uiSection } from './sections/ui-section';
import { startupSection } from './sections/startup-section';
import { unarySection } from './sections/unary-section';
import { workspaceSection } from './sections/workspace-section';
import { sessionSection } from './sections/session-section';

/** The bench must finish within 10 minutes (plus the sections marked outsideBudget): a section that would not fit in what is left is skipped. */
const TOTAL_BUDGET_MS = 9.75 * 60 * 1000;

const SECTIONS: Section[] = [importSection, streamSection, unarySection, uiSection, startupSection, workspaceSection, loadSection, sessionSection];

function chooseSections(): Section[] {
  const { values } = parseArgs({ options: { only: { type: 'string' } }, allowPositionals: false });
  if (values.only === undefined) return SECTIONS;
  const names = values.only.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !SECTIONS.some((s) => s.name === n));
  if (unknown.length > 0) throw new Error(`Unknown section(s) ${unknown.join(', ')}; choose from ${SECTIONS.map((s) => s.name).join(', ')}.`);
  return SECTIONS.filter((s) => names.includes(s.name));
}

function header(totalSeconds: number, chosen: Section[], loadAtStart: number): string {
  const cpu = cpus();
  return [
    `# gRPC Workbench benchmarks`,
    ``,
    `${new Date().toISOString()} · Node ${process.version} · ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'} · ${process.platform}`,
    `Sections: ${chosen.map((s) => s.name).join(', ')} · total ${totalSeconds.toFixed(0)} s · load average (1 min) ${loadAtStart.toFixed(1)} at start, ${(loadavg()[0] ?? 0).toFixed(1)} at end`,
    ``,
    `Figures are medians (min–max, n = runs). Ratio = ours / baseline. See bench/README.md.`,
    ``,
    ``,
  ].join('\n');
}

async function main(): Promise<void> {
  const chosen = chooseSections();
  const startedAt = performance.now();
  const loadAtStart = loadavg()[0] ?? 0;
  const tmpDir = await mkdtemp(join(tmpdir(), 'gw-bench-'));
  const rows: JudgedRow[] = [];
  const onSignal = () => {
    killAllProcessesNow();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    for (const section of chosen) {
      const sectionStart = performance.now();
      process.stderr.write(`\n== ${section.title} ==\n`);
      let sectionRows: Row[];
      const elapsedMs = performance.now() - startedAt;
      try {
        if (!section.outsideBudget && elapsedMs + section.typicalMs > TOTAL_BUDGET_MS) {
          throw new Error(`skipped: ${(elapsedMs / 1000).toFixed(0)} s had passed and this section usually takes ${section.typicalMs / 1000} s, more than the 10-minute budget leaves`);
        }
        sectionRows = await section.run({ tmpDir, log: (m) => process.stderr.write(`${m}\n`) });
      } catch (error) {
        sectionRows = [{ section: section.name, what: section.title, unit: '', ours: null, baseline: null, baselineName: '', target: { kind: 'report' }, note: `not measured: ${errorText(error)}` }];
      }
      await stopAllProcesses();
      rows.push(...sectionRows.map(judge));
      process.stderr.write(`== ${section.title}: ${((performance.now() - sectionStart) / 1000).toFixed(1)} s ==\n`);
    }
  } finally {
    await stopAllProcesses();
    await rm(tmpDir, { recursive: true, force: true }).catch(() => undefined);
  }
  const totalSeconds = (performance.now() - startedAt) / 1000;
  const markdown = `${header(totalSeconds, chosen, loadAtStart)}${markdownTable(rows)}\n`;
  process.stdout.write(`\n${markdown}`);
  const resultsDir = join(BENCH_DIR, 'results');
  await mkdir(resultsDir, { recursive: true });
  const base = chosen.length === SECTIONS.length ? 'latest' : `partial-${chosen.map((s) => s.name).join('-')}`;
  await writeFile(join(resultsDir, `${base}.md`), markdown);
  const json = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadavg()[0] ?? 0, totalSeconds, sections: chosen.map((s) => s.name), rows };
  await writeFile(join(resultsDir, `${base}.json`), `${JSON.stringify(json, null, 2)}\n`);
  process.stderr.write(`\nWrote bench/results/${base}.md and .json (${totalSeconds.toFixed(0)} s in all).\n`);
}

main().catch((error: unknown) => {
  killAllProcessesNow();
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
