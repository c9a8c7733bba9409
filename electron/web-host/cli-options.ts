// Command-line options of the browser shell (npm run web).
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isLoopbackHost, networkExposureRisk } from './origin-policy';

export interface CliOptions {
  port: number;
  host: string;
  /** --expose-to-network: the user said yes to binding a non-loopback address. */
  exposeToNetwork: boolean;
  dataDir: string;
  open: boolean;
  /** null = find the renderer build next to the code. */
  staticDir: string | null;
  /** How long a closed or reloaded page's calls run on in case it reconnects; null = the engine's default. */
  orphanGraceMs: number | null;
}

export const DEFAULT_PORT = 7450;

/** The flag that allows a non-loopback --host; its name says what it does. */
export const EXPOSE_FLAG = '--expose-to-network';

export const USAGE = `Usage: grpc-workbench-web [--port N] [--host H [${EXPOSE_FLAG}]] [--data-dir DIR] [--no-open]

  --port N             port to listen on; 0 picks any free port (default ${DEFAULT_PORT})
  --host H             address to bind (default 127.0.0.1: only this machine can connect);
                       anything but 127.x.x.x, ::1 or localhost also needs ${EXPOSE_FLAG}
  ${EXPOSE_FLAG}  allow a --host other machines can reach: anyone on the network who
                       gets the token can then make gRPC calls from this machine, read and
                       write your files and read your stored secrets
  --data-dir DIR       where the workspace and caches live (default ~/.grpc-workbench)
  --static-dir DIR     the renderer build to serve (default: out/renderer beside the code)
  --no-open            do not open a browser
  --orphan-grace-ms N  how long the calls of a closed or reloaded tab keep running in case
                       it reconnects, before they are cancelled (default 10000)
`;

export function defaultDataDir(): string {
  return join(homedir(), '.grpc-workbench');
}

export type CliParse = { ok: true; options: CliOptions } | { ok: false; message: string } | { ok: 'help' };

export function parseCliOptions(argv: readonly string[]): CliParse {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'expose-to-network': { type: 'boolean' },
        'data-dir': { type: 'string' },
        'static-dir': { type: 'string' },
        'no-open': { type: 'boolean' },
        'orphan-grace-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (cause) {
    return { ok: false, message: cause instanceof Error ? cause.message : String(cause) };
  }
  if (values.help) return { ok: 'help' };
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!/^\d+$/.test(values.port ?? String(DEFAULT_PORT)) || !Number.isInteger(port) || port < 0 || port > 65_535) {
    return { ok: false, message: `--port must be a whole number from 0 to 65535 (got ${JSON.stringify(values.port)}).` };
  }
  const host = values.host ?? '127.0.0.1';
  if (host.trim() === '') return { ok: false, message: '--host cannot be empty.' };
  const exposeToNetwork = values['expose-to-network'] === true;
  if (!isLoopbackHost(host) && !exposeToNetwork) {
    return {
      ok: false,
      message: `Refusing --host ${host}: ${networkExposureRisk(host)} If that is what you want, add ${EXPOSE_FLAG}.`,
    };
  }
  const grace = values['orphan-grace-ms'];
  if (grace !== undefined && (!/^\d+$/.test(grace) || Number(grace) > 3_600_000)) {
    return { ok: false, message: `--orphan-grace-ms must be a whole number of milliseconds from 0 to 3600000 (got ${JSON.stringify(grace)}).` };
  }
  return {
    ok: true,
    options: {
      port,
      host,
      exposeToNetwork,
      dataDir: resolve(values['data-dir'] ?? defaultDataDir()),
      open: !values['no-open'],
      staticDir: values['static-dir'] === undefined ? null : resolve(values['static-dir']),
      orphanGraceMs: grace === undefined ? null : Number(grace),
    },
  };
}
