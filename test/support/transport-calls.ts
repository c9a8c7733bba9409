// Helpers for starting calls through the CallRegistry and collecting their events.
import type { CallEvent, CallEventEnvelope, CallStatus, CallTiming, StreamMessage } from '../../shared/call-events';
import { defaultConnectionSettings, type ConnectionSettings } from '../../shared/connection';
import type { MetadataEntry } from '../../shared/metadata';
import type { Result } from '../../shared/result';
import type { CallRegistry, StartedCall } from '../../electron/engine/calls/call-registry';
import { echoCodec, echoMethod, echoStatusDecoder } from './transport-codec';

export interface CollectedCall {
  events: CallEvent[];
  /** Resolves with the call's events once `ended` arrived. */
  ended: Promise<CallEvent[]>;
  sink: (envelope: CallEventEnvelope) => void;
}

export function collectEvents(): CollectedCall {
  const events: CallEvent[] = [];
  let resolveEnded: (events: CallEvent[]) => void = () => undefined;
  const ended = new Promise<CallEvent[]>((resolve) => (resolveEnded = resolve));
  return {
    events,
    ended,
    sink: ({ event }) => {
      events.push(event);
      if (event.type === 'ended') resolveEnded(events);
    },
  };
}

export interface StartEchoOptions {
  connection?: Partial<ConnectionSettings>;
  metadata?: MetadataEntry[];
  deadlineMs?: number | null;
  requestJson?: string | null;
  emitDefaults?: boolean;
}

export function startEcho(
  registry: CallRegistry,
  target: string,
  method: Parameters<typeof echoMethod>[0],
  options: StartEchoOptions = {},
): { started: Result<StartedCall>; call: CollectedCall } {
  const call = collectEvents();
  const connection = { ...defaultConnectionSettings(target), ...options.connection };
  const started = registry.start({
    method: echoMethod(method),
    codec: echoCodec(),
    statusDecoder: echoStatusDecoder,
    connection,
    metadata: options.metadata ?? [],
    deadlineMs: options.deadlineMs ?? null,
    requestJson: options.requestJson === undefined ? null : options.requestJson,
    options: { emitDefaults: options.emitDefaults ?? false },
    sink: call.sink,
  });
  return { started, call };
}

export function statusOf(events: CallEvent[]): CallStatus {
  const statuses = events.filter((e): e is Extract<CallEvent, { type: 'status' }> => e.type === 'status');
  if (statuses.length !== 1) throw new Error(`expected exactly one status event, got ${statuses.length}`);
  return (statuses[0] as Extract<CallEvent, { type: 'status' }>).status;
}

export function timingOf(events: CallEvent[]): CallTiming {
  const ended = events.filter((e): e is Extract<CallEvent, { type: 'ended' }> => e.type === 'ended');
  if (ended.length !== 1) throw new Error(`expected exactly one ended event, got ${ended.length}`);
  return (ended[0] as Extract<CallEvent, { type: 'ended' }>).timing;
}

export function messagesOf(events: CallEvent[], direction: StreamMessage['direction']): Extract<CallEvent, { type: 'message' }>[] {
  return events.filter((e): e is Extract<CallEvent, { type: 'message' }> => e.type === 'message' && e.direction === direction);
}

/** Call events must end with exactly one status then exactly one ended, and nothing after. */
export function expectWellFormed(events: CallEvent[]): void {
  const types = events.map((e) => e.type);
  if (types[0] !== 'started') throw new Error(`first event is ${types[0]}, not started`);
  if (types.filter((t) => t === 'status').length !== 1) throw new Error(`status events: ${types.join(',')}`);
  if (types.filter((t) => t === 'ended').length !== 1) throw new Error(`ended events: ${types.join(',')}`);
  if (types[types.length - 1] !== 'ended' || types[types.length - 2] !== 'status') throw new Error(`the call does not end with status, ended: ${types.join(',')}`);
}
