// npx grpc-workbench run <collection folder> [--env NAME] [--folder PATH] [--reporter console|json|junit] [--output FILE] [--bail] [--update-snapshots]
// npx grpc-workbench export-locust <request file> [--env NAME] [--output FILE]
// npx grpc-workbench load <saved request file> [...]: see load-command.ts (`load --help`).
// Exit codes: 0 all passed, 1 a request failed, 2 a usage or load error.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { exportLocustFile } from './export-locust-command';
import { runLoadCommand } from './load-command';
import { jsonReport, junitReport, progressLine, REPORTER_NAMES, summaryLine, type ReporterName } from './reporters';
import { runCollection, UsageError, withRunEngine } from './run-collection';

const USAGE = `Usage:
  grpc-workbench run <collection folder> [--env NAME] [--folder PATH] [--reporter console|json|junit] [--output FILE] [--bail] [--update-snapshots]
  grpc-workbench export-locust <request file> [--env NAME] [--output FILE]
  grpc-workbench load <saved request file> [--concurrency N] [--total N | --duration S] [--rate R] [--connections N] [--format summary|json|csv] [--output FILE]  (load --help)
A request with a <name>.snapshot.json beside its file must receive the same messages (its "ignore" JSON paths aside);
--update-snapshots records each passing request's messages (with --folder: those in it) as its snapshot instead.
Secret variables come from environment variables GRPC_WORKBENCH_SECRET_<NAME> (NAME upper-cased, other characters as _).
Values a request captures from its response (captures: in its file) are used by the requests after it in the run; nothing is written back.`;

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        env: { type: 'string' },
        folder: { type: 'string' },
        reporter: { type: 'string', default: 'console' },
        output: { type: 'string' },
        bail: { type: 'boolean', default: false },
        'update-snapshots': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (cause) {
    throw new UsageError(cause instanceof Error ? cause.message : String(cause));
  }
}

async function run(argv: string[]): Promise<number> {
  // `load` has options of its own, so it parses its arguments itself.
  if (argv[0] === 'load') return runLoadCommand(argv.slice(1));
  const { values, positionals } = parse(argv);
  const [command, target, ...extra] = positionals;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === undefined) throw new UsageError('Name a command: run, load or export-locust.');
  if (target === undefined || extra.length > 0) throw new UsageError(`${command} takes exactly one ${command === 'run' ? 'collection folder' : 'request file'}.`);
  if (command === 'export-locust') {
    const python = await withRunEngine((engine) => exportLocustFile(engine, target, values.env ?? null, process.env));
    if (values.output === undefined) process.stdout.write(python);
    else await writeFile(values.output, python);
    return 0;
  }
  if (command !== 'run') throw new UsageError(`Unknown command "${command}".`);
  const reporter = values.reporter as ReporterName;
  if (!REPORTER_NAMES.includes(reporter)) throw new UsageError(`Unknown reporter "${values.reporter}"; use ${REPORTER_NAMES.join(', ')}.`);
  // Progress goes to stdout for the console reporter; with json/junit on stdout it goes to stderr.
  const progress = reporter === 'console' || values.output !== undefined ? process.stdout : process.stderr;
  const report = await withRunEngine((engine) =>
    runCollection(engine, {
      collectionFolder: target,
      environment: values.env ?? null,
      folder: values.folder ?? null,
      bail: values.bail,
      updateSnapshots: values['update-snapshots'],
      env: process.env,
      onResult: (result) => progress.write(`${progressLine(result)}\n`),
    }),
  );
  progress.write(`${summaryLine(report)}\n`);
  if (reporter !== 'console') {
    const text = reporter === 'json' ? jsonReport(report) : junitReport(report);
    // Awaited: the exit right after would cut a report bigger than the pipe takes at once.
    if (values.output === undefined) await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
    else await writeFile(values.output, text);
  } else if (values.output !== undefined) {
    await writeFile(values.output, jsonReport(report));
  }
  return report.results.every((r) => r.verdict.passed) ? 0 : 1;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (cause: unknown) => {
    if (cause instanceof UsageError) {
      process.stderr.write(`grpc-workbench: ${cause.message}\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`grpc-workbench: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
    process.exit(2);
  },
);
