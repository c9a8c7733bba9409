import { Server, ServerCredentials, type ServerOptions } from '@grpc/grpc-js';
import type { PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import { DEMO_SERVICE_NAME, loadDemoPackage } from './demo-package';
import { createDemoService } from './demo-service';

export interface DemoServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: '127.0.0.1';
  /** How long stop() lets in-flight calls finish before cutting them off. */
  shutdownGraceMs?: number;
  /** grpc-js server options, e.g. the keepalive and max connection age of the keepalive demo target. */
  serverOptions?: ServerOptions;
  /** How often the health of demo.v1.Flapping flips between SERVING and NOT_SERVING. */
  flapIntervalMs?: number;
}

/** A health service name whose status flips every few seconds, so Watch health has something to show. */
export const FLAPPING_HEALTH_SERVICE = 'demo.v1.Flapping';
const DEFAULT_FLAP_INTERVAL_MS = 5000;

export interface RunningDemoServer {
  /** "127.0.0.1:PORT", ready to use as a target. */
  address: string;
  port: number;
  /** Sets a service's health status ("" = the server), as Health/Check answers and Health/Watch streams it. */
  setHealthStatus(service: string, status: 'SERVING' | 'NOT_SERVING'): void;
  /** Stops promptly even with open streams: graceful first, forced after the grace period. */
  stop(): Promise<void>;
}

const DEFAULT_SHUTDOWN_GRACE_MS = 500;

let reflection: ReflectionService | null = null;

/**
 * One ReflectionService for every demo listener: it only reads the indexes it builds from the
 * package definition (decoding every file descriptor, v1 and v1alpha), ~50 ms cold, so building
 * it once instead of per listener saves most of the listeners' start.
 */
function demoReflection(packageDefinition: PackageDefinition): ReflectionService {
  reflection ??= new ReflectionService(packageDefinition);
  return reflection;
}

/**
 * Parses the demo package and builds its ReflectionService now (~50 ms cold), so the first
 * "Start demo server" does not: a shell calls it once it is up and idle, waiting for its page.
 */
export function prepareDemoServer(): void {
  demoReflection(loadDemoPackage().packageDefinition);
}

/**
 * The built-in demo server: demo.v1.DemoService (every call kind), server reflection
 * (v1 and v1alpha) and the standard health service (with demo.v1.Flapping flipping), on plaintext 127.0.0.1.
 * Rejects when the port cannot be bound (e.g. already in use).
 */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<RunningDemoServer> {
  const host = options.host ?? '127.0.0.1';
  const { packageDefinition, demoService } = loadDemoPackage();
  const stopping = new AbortController();
  const server = new Server(options.serverOptions);

  const { definition, implementation } = createDemoService(demoService, stopping.signal);
  server.addService(definition, implementation);
  demoReflection(packageDefinition).addToServer(server);
  const health = new HealthImplementation({ '': 'SERVING', [DEMO_SERVICE_NAME]: 'SERVING', [FLAPPING_HEALTH_SERVICE]: 'SERVING' });
  health.addToServer(server);
  let flappingServing = true;
  const flapping = setInterval(() => {
    flappingServing = !flappingServing;
    health.setStatus(FLAPPING_HEALTH_SERVICE, flappingServing ? 'SERVING' : 'NOT_SERVING');
  }, options.flapIntervalMs ?? DEFAULT_FLAP_INTERVAL_MS);
  flapping.unref();
  stopping.signal.addEventListener('abort', () => clearInterval(flapping));

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${options.port ?? 0}`, ServerCredentials.createInsecure(), (error, boundPort) => {
      if (error) {
        stopping.abort();
        reject(new Error(`The demo server could not listen on ${host}:${options.port ?? 0}: ${error.message}`));
      } else resolve(boundPort);
    });
  });

  const graceMs = options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
  let stopped: Promise<void> | null = null;
  return {
    address: `${host}:${port}`,
    port,
    setHealthStatus: (service, status) => health.setStatus(service, status),
    stop: () => (stopped ??= shutDown(server, graceMs, stopping)),
  };
}

async function shutDown(server: Server, graceMs: number, stopping: AbortController): Promise<void> {
  await new Promise<void>((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
  // Ends whatever a handler still waits on (timers, drains) once its call is gone.
  stopping.abort();
}
