import type { ChannelName, ChannelRequest, ChannelResponse, WorkbenchApi } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { SecretStore } from './secrets/secret-store';

/**
 * The engine as both shells see it: the contract's invoke + events, and a clean shutdown
 * (every call cancelled, every channel closed, the demo server stopped).
 * Implemented by createWorkbenchEngine in workbench-engine.ts.
 */
export interface WorkbenchEngine extends WorkbenchApi, PageOwnership {
  /** The contract's invoke, told which page sent the request (see Caller). */
  invoke<C extends ChannelName>(channel: C, request: ChannelRequest<C>, caller?: Caller): Promise<Result<ChannelResponse<C>>>;
  dispose(): Promise<void>;
}

/**
 * Which page sent a request. The shell says so, not the payload: the web host knows the page
 * behind each WebSocket (its page id, given when the socket opens), Electron knows the
 * webContents and its current document. Calls started by a page belong to it (call-owners.ts).
 * Absent (tests, a shell that cannot tell): the call has no owner and only ends by itself or by
 * calls:cancel.
 */
export interface Caller {
  pageId: string;
}

/** An invoke that may be told its caller; a plain WorkbenchApi invoke fits too (it ignores it). */
export type CallerAwareInvoke = <C extends ChannelName>(channel: C, request: ChannelRequest<C>, caller?: Caller) => Promise<Result<ChannelResponse<C>>>;

/**
 * How a shell tells the engine a page is there. connectPage marks one live connection of the
 * page (a WebSocket, an Electron document) and returns its release. When a page's last
 * connection is released, the engine waits a grace period (a WebSocket reconnect of the same
 * page keeps its calls) and then cancels the calls that page started.
 */
export interface PageOwnership {
  connectPage(pageId: string): () => void;
}

export interface EngineOptions {
  /** Where the workspace, the descriptor cache and recorded streams live. */
  dataDir: string;
  shell: 'electron' | 'browser';
  /** Messages kept per call for the UI; older ones are counted, not kept. */
  retainMessages?: number;
  /** Where secret values are kept (Electron: safeStorage); the OS keychain through @napi-rs/keyring when absent. */
  secrets?: () => Promise<SecretStore>;
  /** How long a gone page's calls keep running in case it reconnects. Default ORPHAN_GRACE_MS (10 s). */
  orphanGraceMs?: number;
}
