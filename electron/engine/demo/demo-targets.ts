import type { ServerOptions } from '@grpc/grpc-js';
import type { DemoTarget } from '../../../shared/contract';
import { DEMO_BEARER_TOKEN } from './demo-auth';
import { FLAPPING_HEALTH_SERVICE, startDemoServer, type RunningDemoServer } from './demo-server';
import { startGzipDemoServer } from './gzip-demo-server';

/**
 * The keepalive demo target's server settings: a PING every 10 s and a GOAWAY after a minute, so
 * both show within a few minutes of use. They live on their own listener so the main demo address
 * never cuts a long stream; here the grace lets a running call go on for 5 more minutes.
 */
export const DEMO_KEEPALIVE_OPTIONS: ServerOptions = {
  'grpc.keepalive_time_ms': 10_000,
  'grpc.keepalive_timeout_ms': 5_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.max_connection_age_ms': 60_000,
  'grpc.max_connection_age_grace_ms': 300_000,
};

/** How many backends sit behind the balanced demo target. */
export const DEMO_BACKEND_COUNT = 2;

export interface DemoListenerOptions {
  /** The main address's port; 0 picks a free one. The other listeners always pick free ports. */
  port: number;
  /** Overrides for tests (short keepalive and max age). */
  keepaliveOptions?: ServerOptions;
  flapIntervalMs?: number;
}

/** What every demo listener has: an address to show and a stop. */
type RunningListener = Pick<RunningDemoServer, 'address' | 'stop'>;

export interface RunningDemoListeners {
  main: RunningDemoServer;
  targets: DemoTarget[];
  stop(): Promise<void>;
}

/**
 * Every demo listener, all on 127.0.0.1: the main address (what "Start demo server" fills in), two
 * backends behind one ipv4: target for load balancing, the keepalive / max connection age one, and
 * one of our own on node:http2 that answers with gzip-compressed messages.
 */
export async function startDemoListeners(options: DemoListenerOptions): Promise<RunningDemoListeners> {
  const flap = options.flapIntervalMs === undefined ? {} : { flapIntervalMs: options.flapIntervalMs };
  const start = (port: number, serverOptions?: ServerOptions): Promise<RunningDemoServer> => startDemoServer({ port, serverOptions, ...flap });
  // All at once: each waits on its own bind, so one after the other only added up the waits.
  const settled = await Promise.allSettled<RunningListener>([
    start(options.port),
    start(0, options.keepaliveOptions ?? DEMO_KEEPALIVE_OPTIONS),
    startGzipDemoServer(),
    ...Array.from({ length: DEMO_BACKEND_COUNT }, () => start(0)),
  ]);
  const started = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async (): Promise<void> => {
    await Promise.all(started.map((server) => server.stop()));
  };
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const [main, keepalive, gzip, ...backends] = started as [RunningDemoServer, RunningDemoServer, RunningListener, ...RunningDemoServer[]];
  const targets: DemoTarget[] = [
    {
      name: 'Demo server',
      target: main.address,
      about: `Every call kind. Whoami needs Auth: Bearer token "${DEMO_BEARER_TOKEN}". Health service "${FLAPPING_HEALTH_SERVICE}" flips every few seconds: try Watch health.`,
    },
    {
      name: 'Balanced demo',
      target: `ipv4:${backends.map((b) => b.address).join(',')}`,
      about: `${DEMO_BACKEND_COUNT} demo backends behind one target: set Load balancing to round_robin and see Calls per backend in the Connection tab.`,
    },
    {
      name: 'Keepalive demo',
      target: keepalive.address,
      about: 'The server pings every 10 s (Pings received) and sends GOAWAY after 60 s (max connection age; running calls get 5 more minutes).',
    },
    {
      name: 'Gzip demo',
      target: gzip.address,
      about: 'Echo and CountUp answer with gzip-compressed messages (grpc-encoding: gzip), each with its size on the wire. Other methods are UNIMPLEMENTED here.',
    },
  ];
  return { main, targets, stop };
}
