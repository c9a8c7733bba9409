#!/usr/bin/env node
// Electronegativity security scan that can fail a build. Its own CLI exits 0 whatever it finds,
// so this runs it programmatically over the folders in .electronegativity.json (copied into one
// temporary tree, so global checks see the whole app), writes the report, and exits 1 on any
// finding above maxSeverity that the config does not accept with a reason.
//
//   node scripts/check-electronegativity.mjs [--report <dir>]   (default .cache/electronegativity)
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const projectRoot = resolve(import.meta.dirname, '..');
const require = createRequire(join(projectRoot, 'package.json'));
const SEVERITY_ORDER = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'];

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

const config = JSON.parse(readFileSync(join(projectRoot, '.electronegativity.json'), 'utf8'));
const reportDir = resolve(projectRoot, option('--report', '.cache/electronegativity'));
const skip = config.skipFiles.map((pattern) => new RegExp(pattern));
const maxAllowed = SEVERITY_ORDER.indexOf(config.maxSeverity);
if (maxAllowed < 0) throw new Error(`.electronegativity.json: unknown maxSeverity ${config.maxSeverity}`);

// Scan one tree holding every input folder (tests and specs left out: they do not ship).
const scanRoot = mkdtempSync(join(tmpdir(), 'electronegativity-'));
try {
  for (const input of config.inputs) {
    const source = join(projectRoot, input);
    if (!existsSync(source)) {
      console.warn(`electronegativity: ${input}/ does not exist; skipped.`);
      continue;
    }
    cpSync(source, join(scanRoot, input), { recursive: true, filter: (path) => !skip.some((pattern) => pattern.test(path)) });
  }

  const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  const run = require('@doyensec/electronegativity');
  const { issues, errors } = await run({
    input: scanRoot,
    isRelative: true,
    isVerbose: false,
    customScan: [],
    excludeFromScan: Object.keys(config.excludeChecks),
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  });

  const accepted = (issue) => config.accepted.find((entry) => entry.id === issue.id && entry.file === issue.file);
  const rows = issues.map((issue) => ({
    id: issue.id,
    severity: issue.severity.name,
    confidence: issue.confidence.name,
    file: issue.file,
    location: `${issue.location.line}:${issue.location.column}`,
    manualReview: issue.manualReview,
    description: issue.description,
    acceptedBecause: accepted(issue)?.reason ?? null,
  }));
  const failing = rows.filter((row) => SEVERITY_ORDER.indexOf(row.severity) > maxAllowed && row.acceptedBecause === null);
  const parseErrors = errors.filter((error) => !error.tolerable).map((error) => ({ file: error.file.replace(scanRoot, '').replace(/^[\\/]/, ''), message: error.message }));

  mkdirSync(reportDir, { recursive: true });
  writeFileSync(join(reportDir, 'report.json'), `${JSON.stringify({ electronVersion, inputs: config.inputs, findings: rows, parseErrors }, null, 2)}\n`);
  const csv = [['id', 'severity', 'confidence', 'file', 'location', 'manualReview', 'acceptedBecause'].join(',')]
    .concat(rows.map((row) => [row.id, row.severity, row.confidence, row.file, row.location, row.manualReview, row.acceptedBecause ?? ''].map((cell) => `"${String(cell).replace(/"/g, '""')}"`).join(',')))
    .join('\n');
  writeFileSync(join(reportDir, 'report.csv'), `${csv}\n`);

  console.log(`electronegativity ${config.inputs.join(' + ')} (Electron ${electronVersion}): ${rows.length} finding(s), ${failing.length} above ${config.maxSeverity} and not accepted, ${parseErrors.length} unparsed file(s).`);
  for (const row of rows) {
    const verdict = row.acceptedBecause ? 'accepted' : SEVERITY_ORDER.indexOf(row.severity) > maxAllowed ? 'FAIL' : 'ok';
    console.log(`  [${verdict}] ${row.severity}/${row.confidence} ${row.id} ${row.file}:${row.location}${row.manualReview ? ' (review)' : ''}`);
  }
  for (const error of parseErrors) console.log(`  [FAIL] could not parse ${error.file}: ${error.message}`);
  console.log(`Report: ${join(reportDir, 'report.json')} and report.csv`);
  if (failing.length > 0 || parseErrors.length > 0) process.exitCode = 1;
} finally {
  rmSync(scanRoot, { recursive: true, force: true });
}
