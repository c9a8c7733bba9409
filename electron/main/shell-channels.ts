// Two channels are answered by the Electron shell, not the engine: the engine is pure Node
// and cannot show native dialogs, and only the shell knows its own version. The wrapper is
// passed to createValidatedDispatch, so these payloads are validated like every other one.
import type { ChannelName, ChannelRequest, ChannelResponse, PickRequest, ShellInfo, WorkbenchApi } from '../../shared/contract';
import { ok, type Result } from '../../shared/result';
import type { Caller, WorkbenchEngine } from '../engine/engine-api';

export interface ShellChannelHandlers {
  pick(request: PickRequest): Promise<Result<string[]>>;
  info(): ShellInfo;
}

export function electronShellInfo(input: { platform: string; version: string; homeDir: string }): ShellInfo {
  return { shell: 'electron', platform: input.platform, version: input.version, nativeDialogs: true, homeDir: input.homeDir };
}

export function withShellChannels(engine: WorkbenchEngine, handlers: ShellChannelHandlers): WorkbenchEngine {
  async function invoke<C extends ChannelName>(channel: C, request: ChannelRequest<C>, caller?: Caller): Promise<Result<ChannelResponse<C>>> {
    // The casts restate what the channel check proves: TypeScript does not narrow C from `channel`.
    if (channel === 'files:pick') return (await handlers.pick(request as PickRequest)) as Result<ChannelResponse<C>>;
    if (channel === 'shell:info') return ok(handlers.info()) as Result<ChannelResponse<C>>;
    return engine.invoke(channel, request, caller);
  }
  const api: WorkbenchApi = { invoke, onEvents: (listener) => engine.onEvents(listener) };
  return { ...api, invoke, connectPage: (pageId) => engine.connectPage(pageId), dispose: () => engine.dispose() };
}
