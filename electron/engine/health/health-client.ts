import { Metadata, status as grpcStatus, type Client, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import type { HealthServingStatus } from '../../../shared/health';
import { err, ok, type Result } from '../../../shared/result';
import type { CallEnd } from '../transport/call-failure';
import { decodeHealthCheckResponse, encodeHealthCheckRequest, HEALTH_CHECK_PATH, HEALTH_WATCH_PATH } from './health-codec';

/** The spec asks clients to set a deadline on Check; a health check that takes longer says enough. */
export const HEALTH_CHECK_DEADLINE_MS = 10_000;

export interface HealthChannel {
  client: Client;
  displayTarget: string;
  methodPath(path: string): string;
  explainEnd(end: CallEnd): string | null;
}

const NO_HEALTH_SERVICE = 'this server has no health service (grpc.health.v1.Health is not implemented)';

const identity = (bytes: Buffer) => bytes;

function codeName(code: number): string {
  return (Object.entries(grpcStatus).find(([, value]) => value === code)?.[0] as string | undefined) ?? `code ${code}`;
}

/** Why a health call ended without a status, in the words a call on this channel would get. */
export function healthFailureMessage(channel: HealthChannel, end: CallEnd, what: 'Check' | 'Watch'): string {
  if (end.code === grpcStatus.UNIMPLEMENTED) return `The server at ${channel.displayTarget} cannot be health-checked: ${NO_HEALTH_SERVICE}.`;
  if (end.code === grpcStatus.DEADLINE_EXCEEDED && what === 'Check') {
    return `The health check of ${channel.displayTarget} got no answer within ${HEALTH_CHECK_DEADLINE_MS / 1000} s. The server may be overloaded or unreachable; try again.`;
  }
  const explained = channel.explainEnd(end);
  if (explained !== null) return `Health ${what} failed: ${explained}`;
  return `Health ${what} at ${channel.displayTarget} failed with ${codeName(end.code)}: ${end.details || 'no message'}`;
}

/**
 * grpc.health.v1.Health/Check. NOT_FOUND is the spec's answer for a service the server does
 * not know: SERVICE_UNKNOWN, not a failure.
 */
export function checkHealth(channel: HealthChannel, service: string, metadata: Metadata): Promise<Result<HealthServingStatus>> {
  const startedAt = Date.now();
  let headers: Metadata | null = null;
  return new Promise((resolve) => {
    const call = channel.client.makeUnaryRequest(
      channel.methodPath(HEALTH_CHECK_PATH),
      identity,
      identity,
      encodeHealthCheckRequest(service),
      metadata,
      { deadline: startedAt + HEALTH_CHECK_DEADLINE_MS },
      (error: ServiceError | null, response?: Buffer) => {
        if (!error) {
          try {
            resolve(ok(decodeHealthCheckResponse(response ?? Buffer.alloc(0))));
          } catch (e) {
            resolve(err('HEALTH', `The server at ${channel.displayTarget} answered Health/Check with bytes that are not a HealthCheckResponse: ${(e as Error).message}`));
          }
          return;
        }
        if (error.code === grpcStatus.NOT_FOUND) return resolve(ok('SERVICE_UNKNOWN'));
        const end: CallEnd = { code: error.code, details: error.details, headers, trailers: error.metadata ?? new Metadata(), startedAt };
        resolve(err('HEALTH', healthFailureMessage(channel, end, 'Check'), { grpcCode: error.code, grpcCodeName: codeName(error.code), noHealthService: error.code === grpcStatus.UNIMPLEMENTED }));
      },
    );
    call.on('metadata', (received: Metadata) => {
      headers = received;
    });
  });
}

export interface HealthWatchListener {
  onStatus(status: HealthServingStatus): void;
  /**
   * The stream ended (by the server, the connection, or cancel()): why, in words. Called once.
   * worthRetrying: the spec's advice, true unless cancelled here, UNIMPLEMENTED or unreadable.
   */
  onEnd(reason: string, worthRetrying: boolean): void;
}

/** grpc.health.v1.Health/Watch: a status now and one per change, until cancel() or the stream ends. */
export function watchHealth(channel: HealthChannel, service: string, metadata: Metadata, listener: HealthWatchListener): { cancel(): void } {
  const startedAt = Date.now();
  let headers: Metadata | null = null;
  let cancelledHere = false;
  let ended = false;
  const stream = channel.client.makeServerStreamRequest(channel.methodPath(HEALTH_WATCH_PATH), identity, identity, encodeHealthCheckRequest(service), metadata, {});
  stream.on('metadata', (received: Metadata) => {
    headers = received;
  });
  stream.on('data', (bytes: Buffer) => {
    try {
      listener.onStatus(decodeHealthCheckResponse(bytes));
    } catch (e) {
      cancelledHere = true;
      stream.cancel();
      end(`The server at ${channel.displayTarget} sent a Health/Watch message that is not a HealthCheckResponse: ${(e as Error).message}`, false);
    }
  });
  // 'error' comes with 'status' for a non-OK end; listening keeps it from being thrown.
  stream.on('error', () => undefined);
  stream.on('status', (status: StatusObject) => {
    if (cancelledHere) return end('Watch stopped.', false);
    if (status.code === grpcStatus.OK) return end(`The server at ${channel.displayTarget} ended the health watch.`, true);
    const reason = healthFailureMessage(channel, { code: status.code, details: status.details, headers, trailers: status.metadata, startedAt }, 'Watch');
    end(reason, status.code !== grpcStatus.UNIMPLEMENTED);
  });
  function end(reason: string, worthRetrying: boolean): void {
    if (ended) return;
    ended = true;
    listener.onEnd(reason, worthRetrying);
  }
  return {
    cancel() {
      if (ended) return;
      cancelledHere = true;
      stream.cancel();
    },
  };
}
