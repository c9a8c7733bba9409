// The one door from a shell into the engine. Both shells (Electron IPC and the web host's
// WebSocket) hand untrusted (channel, payload) pairs to this function and nothing else:
// the payload is validated against the contract first, and whatever the engine does, the
// shell gets a Result back, never an exception.
import type { ChannelName, ChannelRequest, ChannelResponse, WorkbenchApi } from '../../../shared/contract';
import { err, type Result } from '../../../shared/result';
import { validateRequest, type ValidatedRequest } from '../../../shared/validation';
import type { Caller, CallerAwareInvoke } from '../engine-api';

/** caller: the page the shell received the request from (see Caller in engine-api.ts). */
export type ValidatedDispatch = (channel: unknown, payload: unknown, caller?: Caller) => Promise<Result<unknown>>;

/** The engine, or a plain WorkbenchApi (which ignores the caller). */
type Invokable = { invoke: CallerAwareInvoke } | Pick<WorkbenchApi, 'invoke'>;

function invokeValidated(engine: Invokable, validated: ValidatedRequest, caller: Caller | undefined): Promise<Result<unknown>> {
  // validateRequest pairs each channel with its own request type; TypeScript cannot carry
  // that correlation through the union into the generic invoke, so restate it once here.
  const { channel, request } = validated as { channel: ChannelName; request: ChannelRequest<ChannelName> };
  return (engine.invoke as CallerAwareInvoke)(channel, request, caller) as Promise<Result<ChannelResponse<ChannelName>>>;
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  try {
    return String(cause);
  } catch {
    return 'an unprintable value was thrown';
  }
}

export function createValidatedDispatch(engine: Invokable): ValidatedDispatch {
  return async (channel, payload, caller) => {
    const validated = validateRequest(channel, payload);
    if (!validated.ok) return validated;
    const name = validated.value.channel;
    try {
      const result = await invokeValidated(engine, validated.value, caller);
      // The engine promises a Result; anything else is a bug we report instead of passing on.
      if (typeof result !== 'object' || result === null || typeof result.ok !== 'boolean') {
        return err('INTERNAL', `The engine answered ${name} with something that is not a Result. This is a bug in gRPC Workbench; please report it.`);
      }
      return result;
    } catch (cause) {
      return err('INTERNAL', `${name} failed unexpectedly inside the engine: ${describeCause(cause)}. This is a bug in gRPC Workbench; please report it.`);
    }
  };
}
