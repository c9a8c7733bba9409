// Runs the demo server on its own: `npm run demo-server -- --port 50051`.
import { parseArgs } from 'node:util';
import { startDemoServer, type RunningDemoServer } from './demo-server';

const DEFAULT_PORT = 50051;

function readPort(): number {
  const { values } = parseArgs({ options: { port: { type: 'string', short: 'p' } } });
  if (values.port === undefined) return DEFAULT_PORT;
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535 (0 picks a free port); got "${values.port}".`);
  }
  return port;
}

async function main(): Promise<void> {
  const port = readPort();
  let server: RunningDemoServer | null = null;
  // Listen for signals before starting, so one that arrives early still stops cleanly.
  const stop = (): void => {
    void (server?.stop() ?? Promise.resolve()).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  server = await startDemoServer({ port, host: '127.0.0.1' });
  console.log(`Demo server listening on ${server.address}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
