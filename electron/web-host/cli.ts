// npm run web: the browser shell. Starts the engine and the web host, prints the one URL to
// open (token included) on stdout, opens the browser on a one-time launch URL (no token: see
// launch-codes.ts), and shuts everything down cleanly on Ctrl+C or SIGTERM.
import { prepareDataDir } from '../engine/data-dir-check';
import { prepareDemoServer } from '../engine/demo/demo-server';
import { createWorkbenchEngine } from '../engine/workbench-engine';
import type { WorkbenchEngine } from '../engine/engine-api';
import { parseCliOptions, USAGE } from './cli-options';
import { openBrowser } from './open-browser';
import { findRendererBuild } from './static-dir';
import { startWebHost, type RunningWebHost } from './web-host';

/** If shutdown hangs (a stuck engine), leave anyway rather than ignore the user's Ctrl+C. */
const SHUTDOWN_LIMIT_MS = 10_000;

function fail(message: string, exitCode: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(exitCode);
}

async function main(): Promise<void> {
  const parsed = parseCliOptions(process.argv.slice(2));
  if (parsed.ok === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (!parsed.ok) fail(`${parsed.message}\n\n${USAGE}`, 2);
  const options = parsed.options;

  const dataDirCheck = await prepareDataDir(options.dataDir);
  if (!dataDirCheck.ok) fail(`${dataDirCheck.message} Choose another with --data-dir.`, 2);
  for (const left of dataDirCheck.sweep.failed) process.stderr.write(`A temporary file of an interrupted save could not be removed: ${left.path} (${left.reason}).\n`);

  const build = options.staticDir === null ? findRendererBuild() : { dir: options.staticDir, found: true };
  if (!build.found) process.stderr.write(`The renderer is not built yet (${build.dir}): run "npm run build:renderer" before opening the page.\n`);

  const engine: WorkbenchEngine = createWorkbenchEngine({
    dataDir: options.dataDir,
    shell: 'browser',
    ...(options.orphanGraceMs === null ? {} : { orphanGraceMs: options.orphanGraceMs }),
  });
  let host: RunningWebHost;
  try {
    host = await startWebHost({ engine, host: options.host, exposeToNetwork: options.exposeToNetwork, port: options.port, staticDir: build.dir });
  } catch (cause) {
    await engine.dispose().catch(() => undefined);
    fail(cause instanceof Error ? cause.message : String(cause), 1);
  }

  let stopping = false;
  const shutDown = (): void => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => fail('Shutdown took too long; exiting anyway.', 1), SHUTDOWN_LIMIT_MS).unref();
    void (async () => {
      await host.close().catch(() => undefined);
      await engine.dispose().catch(() => undefined);
      process.exit(0);
    })();
  };
  process.on('SIGINT', shutDown);
  process.on('SIGTERM', shutDown);

  process.stdout.write(`gRPC Workbench is running at ${host.url}\n`);
  if (options.open) openBrowser(host);
  // The page takes a few hundred ms to load and connect: time for what the first demo start needs.
  setImmediate(prepareDemoServer);
}

main().catch((cause: unknown) => fail(`gRPC Workbench could not start: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`, 1));
