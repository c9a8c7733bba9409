// The one contract between the renderer and the engine. Both shells (Electron IPC and the
// browser's WebSocket) carry exactly these channels; the renderer sees only WorkbenchApi.
import type { Result } from './result';
import type { CallId, ChannelId, ProtoSetId } from './ids';
import type { MethodDescription, ProtoSetSummary } from './catalog';
import type { ConnectionEvent, ConnectionSettings, ConnectionSnapshot, ConnectionSummary } from './connection';
import type { CallEventEnvelope, CallSnapshotBatch, CallSnapshotRequest } from './call-events';
import type { MetadataEntry } from './metadata';
import type { MessageRange, MessageRangeRequest, SavedStream, ShownCallsRequest } from './message-range';
import type {
  CollectionIndex,
  CollectionRef,
  CreateCollectionRequest,
  DeleteEnvironmentRequest,
  DeleteFolderRequest,
  DeleteRequestRequest,
  MoveFolderRequest,
  MoveRequestRequest,
  ReadRequestRequest,
  SavedRequest,
  WriteCollectionSettingsRequest,
  WriteEnvironmentRequest,
  WriteRequestRequest,
} from './collection';
import type { HistoryEntry, HistoryEntryInput, HistorySearchRequest, HistorySummary } from './history';
import type { LiveCall } from './live-calls';
import type { HealthCheckResult, HealthRequest, HealthWatchEvent, HealthWatchStarted } from './health';
import type { SecretKey, SecretStorageStatus, SetSecretRequest } from './secrets';
import type { LoadTestReport, LoadTestSnapshot, StartLoadTestRequest, StartLoadTestResponse } from './load-test';
import type { MockRequestRecord, MockRules, MockServerState, StartMockRequest } from './mock';
import type { CompareSnapshotRequest, RecordSnapshotRequest, SetSnapshotIgnoreRequest, SnapshotCheck, SnapshotInfo, SnapshotRef } from './snapshot';

export interface MethodRef {
  protoSetId: ProtoSetId;
  /** Fully-qualified service name, e.g. "demo.v1.DemoService". */
  service: string;
  /** Method name, e.g. "Echo". */
  method: string;
}

export interface CompileRequest {
  protoFiles: string[];
  importPaths: string[];
}
export interface DescriptorSetRequest {
  paths: string[];
}
export interface ReflectRequest {
  connection: ConnectionSettings;
  metadata: MetadataEntry[];
}

export interface CallOptions {
  /** Emit fields with default values in response JSON. */
  emitDefaults: boolean;
  /**
   * HTTP/JSON (transcoded) only: which of the method's google.api.http rules the call goes
   * through (0 = the primary rule, n = its nth additional binding; absent = 0). Other protocols ignore it.
   */
  httpRuleIndex?: number;
}

export interface StartCallRequest {
  method: MethodRef;
  connection: ConnectionSettings;
  metadata: MetadataEntry[];
  /** null = no deadline. */
  deadlineMs: number | null;
  /** The request JSON for unary and server-streaming calls; ignored (must be null) for client and bidi streams. */
  requestJson: string | null;
  options: CallOptions;
}
/** A unary request as a Locust file (python3-grpcio generic calls carrying the bytes our codec produced). */
export interface ExportLocustRequest {
  method: MethodRef;
  connection: ConnectionSettings;
  metadata: MetadataEntry[];
  deadlineMs: number | null;
  requestJson: string;
}
export interface ExportLocustResponse {
  /** The Python source of the locustfile. */
  python: string;
  /** Size of the encoded request message. */
  requestBytes: number;
}
export interface StartCallResponse {
  callId: CallId;
  channelId: ChannelId;
}
export interface WriteRequest {
  callId: CallId;
  json: string;
}
export interface CallRef {
  callId: CallId;
}
export interface SaveStreamRequest {
  callId: CallId;
  /** Where to write the full stream as NDJSON (one StreamMessage per line). */
  path: string;
}

export interface DemoServerInfo {
  address: string;
  port: number;
  protoSet: ProtoSetSummary;
  /** Every demo target (main, balanced, keepalive), each with what it shows. */
  targets: DemoTarget[];
}

/** One address the demo serves, with a line saying what to try there. */
export interface DemoTarget {
  name: string;
  target: string;
  about: string;
}

export interface DirectoryEntry {
  name: string;
  path: string;
  kind: 'file' | 'directory';
}
export interface DirectoryListing {
  path: string;
  parent: string | null;
  entries: DirectoryEntry[];
}
export type PickKind = 'proto_files' | 'descriptor_sets' | 'directories' | 'pem_file' | 'save_file';
export interface PickRequest {
  kind: PickKind;
  multiple: boolean;
}

export interface ShellInfo {
  shell: 'electron' | 'browser';
  platform: string;
  version: string;
  /** True when files.pick opens a native dialog; otherwise the renderer shows its host file picker. */
  nativeDialogs: boolean;
  homeDir: string;
}

/** What the renderer persists between runs (open tabs, imported proto sets, settings). Opaque to the engine. */
export interface WorkspaceState {
  version: 1;
  data: Record<string, unknown>;
}

/**
 * A workspace:save. pageId names the page (tab or window) that saves; baseRevision is the
 * revision its workspace:load answered. The engine refuses the save (IO, details.conflict)
 * when another page saved since: the saved revision is neither baseRevision nor one this page wrote.
 */
export interface WorkspaceSaveRequest extends WorkspaceState {
  pageId?: string;
  baseRevision?: string | null;
}

/** A saved workspace the engine could not use: renamed (kept byte for byte) to path. */
export interface WorkspaceSetAside {
  path: string;
  reason: 'unreadable' | 'newer_version';
}

/** What workspace:load answers. state is null when nothing is saved or the file was set aside. */
export interface WorkspaceLoadResult {
  state: WorkspaceState | null;
  /** The saved revision, for the page's saves as baseRevision; null when there is none. */
  revision: string | null;
  setAside: WorkspaceSetAside | null;
}

export type WorkbenchEvent =
  | ({ kind: 'call' } & CallEventEnvelope)
  | { kind: 'connection'; channelId: ChannelId; event: ConnectionEvent }
  | { kind: 'demo'; running: boolean; address: string | null }
  | ({ kind: 'health' } & HealthWatchEvent)
  /** A load test's state: every second while it runs, and once at its end. */
  | { kind: 'load'; snapshot: LoadTestSnapshot }
  /** The mock server started or stopped. */
  | { kind: 'mock'; state: MockServerState }
  /** A call the mock server received: when it arrives, gains a kept message, and ends (same id each time). */
  | { kind: 'mock_request'; request: MockRequestRecord }
  /** Files of an open collection changed on disk (an editor, git pull, or this app); paths relative to it. */
  | { kind: 'collection'; folder: string; paths: string[] };

/** Events arrive in batches; seq increases by one per batch so a gap is detectable. */
export interface EventBatch {
  seq: number;
  events: WorkbenchEvent[];
}

/** Every channel: its name, request and response. The single source for both shells. */
export interface ChannelMap {
  'shell:info': { req: Record<string, never>; res: ShellInfo };
  'protos:compile': { req: CompileRequest; res: ProtoSetSummary };
  'protos:importDescriptorSets': { req: DescriptorSetRequest; res: ProtoSetSummary };
  'protos:reflect': { req: ReflectRequest; res: ProtoSetSummary };
  'protos:list': { req: Record<string, never>; res: ProtoSetSummary[] };
  'protos:remove': { req: { protoSetId: ProtoSetId }; res: null };
  'catalog:describeMethod': { req: MethodRef; res: MethodDescription };
  'calls:start': { req: StartCallRequest; res: StartCallResponse };
  'calls:write': { req: WriteRequest; res: { index: number } };
  /** The request as a Locust file for a distributed load test (unary only). */
  'load:exportLocust': { req: ExportLocustRequest; res: ExportLocustResponse };
  'calls:halfClose': { req: CallRef; res: null };
  'calls:cancel': { req: CallRef; res: null };
  'calls:saveStream': { req: SaveStreamRequest; res: SavedStream };
  /** Messages of a call by position, from the engine's ring or its recording (see MessageRangeRequest). */
  'calls:messages': { req: MessageRangeRequest; res: MessageRange };
  /** Every message a finished call received becomes the request's snapshot (`<request>.snapshot.json` beside its file). */
  'snapshots:record': { req: RecordSnapshotRequest; res: SnapshotInfo };
  /** The request's snapshot, null when it has none. */
  'snapshots:read': { req: SnapshotRef; res: SnapshotInfo | null };
  /** A call's received messages against the request's snapshot (null: no snapshot). */
  'snapshots:compare': { req: CompareSnapshotRequest; res: SnapshotCheck };
  'snapshots:setIgnore': { req: SetSnapshotIgnoreRequest; res: SnapshotInfo };
  /** The calls a page shows: kept (messages, recording) while any page shows them. */
  'calls:shown': { req: ShownCallsRequest; res: null };
  /** The current state of calls, for a page that missed events (see CallSnapshot). */
  'calls:snapshot': { req: CallSnapshotRequest; res: CallSnapshotBatch };
  /** Every running call of the engine, from any page (see LiveCall). */
  'calls:list': { req: Record<string, never>; res: LiveCall[] };
  'connections:get': { req: { channelId: ChannelId }; res: ConnectionSnapshot };
  /** Every open channel (connection), oldest first. */
  'connections:list': { req: Record<string, never>; res: ConnectionSummary[] };
  /** Close a channel now; its running calls end. NOT_FOUND if already closed. */
  'connections:close': { req: { channelId: ChannelId }; res: null };
  /** Drop the channel's connection and connect again now, even during reconnect backoff. */
  'connections:reconnect': { req: { channelId: ChannelId }; res: null };
  /** grpc.health.v1.Health/Check on the tab's channel; no protos needed. */
  'health:check': { req: HealthRequest; res: HealthCheckResult };
  /** Opens a Health/Watch stream: its statuses arrive as 'health' events until health:unwatch or its end. */
  'health:watch': { req: HealthRequest; res: HealthWatchStarted };
  'health:unwatch': { req: { watchId: string }; res: null };
  /** Starts a load test in the engine; its snapshots arrive as 'load' events. */
  'load:start': { req: StartLoadTestRequest; res: StartLoadTestResponse };
  'load:stop': { req: { loadId: string }; res: null };
  /** A finished load test as ghz JSON and CSV. */
  'load:report': { req: { loadId: string }; res: LoadTestReport };
  'demo:start': { req: { port: number | null }; res: DemoServerInfo };
  /** Serves a proto set on 127.0.0.1 (replacing a running mock); rules per method, defaults for the rest. */
  'mock:start': { req: StartMockRequest; res: { address: string; port: number } };
  'mock:stop': { req: Record<string, never>; res: null };
  /** New rules for the running mock: the next call of each method follows them. */
  'mock:setRules': { req: { rules: MockRules }; res: null };
  /** The mock's state and the calls it received (the last MOCK_LIMITS.keptRequests), oldest first. */
  'mock:requests': { req: Record<string, never>; res: { state: MockServerState; requests: MockRequestRecord[] } };
  /** A collection's mock rules (grpc-mock.json; none yet = no rules). */
  'mock:readRules': { req: { folder: string }; res: MockRules };
  'mock:writeRules': { req: { folder: string; rules: MockRules }; res: null };
  'demo:stop': { req: Record<string, never>; res: null };
  'files:list': { req: { path: string | null }; res: DirectoryListing };
  'files:pick': { req: PickRequest; res: string[] };
  'workspace:load': { req: Record<string, never>; res: WorkspaceLoadResult };
  'workspace:save': { req: WorkspaceSaveRequest; res: null };
  'collections:create': { req: CreateCollectionRequest; res: CollectionIndex };
  /** Opens (or re-reads) a collection and watches it for changes until closed. */
  'collections:open': { req: CollectionRef; res: CollectionIndex };
  'collections:close': { req: CollectionRef; res: null };
  'collections:readRequest': { req: ReadRequestRequest; res: SavedRequest };
  'collections:writeRequest': { req: WriteRequestRequest; res: { path: string; revision: string } };
  'collections:moveRequest': { req: MoveRequestRequest; res: { path: string } };
  'collections:deleteRequest': { req: DeleteRequestRequest; res: null };
  'collections:moveFolder': { req: MoveFolderRequest; res: { path: string } };
  /** Answers how many request files were deleted. */
  'collections:deleteFolder': { req: DeleteFolderRequest; res: { deleted: number } };
  'collections:writeEnvironment': { req: WriteEnvironmentRequest; res: null };
  'collections:deleteEnvironment': { req: DeleteEnvironmentRequest; res: null };
  'collections:writeSettings': { req: WriteCollectionSettingsRequest; res: null };
  'secrets:status': { req: Record<string, never>; res: SecretStorageStatus };
  'secrets:get': { req: SecretKey; res: string | null };
  'secrets:set': { req: SetSecretRequest; res: null };
  'secrets:delete': { req: SecretKey; res: null };
  /** The host process environment, for {{$env.NAME}}: only the names asked for. */
  'env:read': { req: { names: string[] }; res: Record<string, string | null> };
  'history:record': { req: HistoryEntryInput; res: { id: number } };
  'history:search': { req: HistorySearchRequest; res: HistorySummary[] };
  'history:get': { req: { id: number }; res: HistoryEntry };
  'history:delete': { req: { id: number }; res: null };
  'history:clear': { req: Record<string, never>; res: null };
}

export type ChannelName = keyof ChannelMap;
export type ChannelRequest<C extends ChannelName> = ChannelMap[C]['req'];
export type ChannelResponse<C extends ChannelName> = ChannelMap[C]['res'];

export const CHANNEL_NAMES = [
  'shell:info', 'protos:compile', 'protos:importDescriptorSets', 'protos:reflect', 'protos:list', 'protos:remove',
  'catalog:describeMethod', 'calls:start', 'calls:write', 'calls:halfClose', 'calls:cancel', 'calls:saveStream', 'calls:messages', 'calls:shown', 'calls:snapshot', 'calls:list',
  'connections:get', 'connections:list', 'connections:close', 'connections:reconnect', 'health:check', 'health:watch', 'health:unwatch', 'load:start', 'load:stop', 'load:report', 'load:exportLocust', 'demo:start', 'demo:stop',
  'mock:start', 'mock:stop', 'mock:setRules', 'mock:requests', 'mock:readRules', 'mock:writeRules', 'files:list', 'files:pick', 'workspace:load', 'workspace:save',
  'snapshots:record', 'snapshots:read', 'snapshots:compare', 'snapshots:setIgnore',
  'collections:create', 'collections:open', 'collections:close', 'collections:readRequest', 'collections:writeRequest',
  'collections:moveRequest', 'collections:deleteRequest', 'collections:moveFolder', 'collections:deleteFolder', 'collections:writeEnvironment', 'collections:deleteEnvironment',
  'collections:writeSettings', 'secrets:status', 'secrets:get', 'secrets:set', 'secrets:delete', 'env:read',
  'history:record', 'history:search', 'history:get', 'history:delete', 'history:clear',
] as const satisfies readonly ChannelName[];

/** The event channel name, used by both shells. */
export const EVENTS_CHANNEL = 'events:batch';

/**
 * What the renderer sees: one generic invoke plus one event subscription.
 * The engine side implements the same invoke (see electron/engine/workbench-engine.ts).
 */
export interface WorkbenchApi {
  invoke<C extends ChannelName>(channel: C, request: ChannelRequest<C>): Promise<Result<ChannelResponse<C>>>;
  /** Subscribe to event batches; returns the unsubscribe function. */
  onEvents(listener: (batch: EventBatch) => void): () => void;
}
