// Must come first: speeds up protobuf-es' bytes -> base64 before it loads (see the file).
import './codec/native-base64';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ChannelName, ChannelRequest, ChannelResponse, EventBatch, StartCallRequest, WorkbenchEvent } from '../../shared/contract';
import { err, ok, type Result } from '../../shared/result';
import { exportLocust } from './load/locust-export';
import { CallRegistry, type StartCallParams } from './calls/call-registry';
import { ORPHAN_CANCEL_MESSAGE, ORPHAN_GRACE_MS, PageOwners } from './calls/call-owners';
import { buildRequestMetadata } from './calls/call-metadata';
import { EventBatcher } from './calls/event-batcher';
import { ShownCalls } from './calls/shown-calls';
import { DemoController } from './demo/demo-controller';
import type { Caller, EngineOptions, WorkbenchEngine } from './engine-api';
import { HealthService } from './health/health-watches';
import { listDirectory } from './files/directory-listing';
import { LoadTestService } from './load/load-tests';
import { readMockRules, writeMockRules } from './mock/mock-rules-file';
import { MockService } from './mock/mock-service';
import { pickerFolder } from './picker-folder';
import { createProtoSetStore } from './protos/proto-set-store';
import { createSnapshotService } from './snapshots/snapshot-service';
import { reflectFileDescriptorSet, reflectFilesContainingSymbol } from './protos/reflection-client';
import { ChannelPool } from './transport/channel-pool';
import { ConnectionMonitor } from './transport/connection-monitor';
import { createWorkspaceParts } from './workspace/workspace-handlers';
import { createWorkspaceStore } from './workspace/workspace-store';
import { APP_VERSION } from './version';
import { grpcOnly } from './protocols/protocol-call';

function unknownChannel(channelId: string): Result<never> {
  return err('NOT_FOUND', `No open connection ${channelId}: it was closed already. Refresh the Connections table.`, { channelId });
}

/** How long a call's messages may wait for the server's reflection to describe an Any's type. */
const TYPE_LOOKUP_DEADLINE_MS = 5_000;

type Handlers = { [C in ChannelName]: (request: ChannelRequest<C>, caller: Caller | undefined) => Promise<Result<ChannelResponse<C>>> | Result<ChannelResponse<C>> };

/**
 * The engine facade: one object that implements the contract (shared/contract.ts) over the
 * engine's parts. Both shells validate a request (dispatch/validated-dispatch.ts) and call
 * invoke; events from calls, connections and the demo server leave in batches.
 */
export function createWorkbenchEngine(options: EngineOptions): WorkbenchEngine {
  const listeners = new Set<(batch: EventBatch) => void>();
  const batcher = new EventBatcher({
    onBatch: (batch) => {
      for (const listener of listeners) listener(batch);
    },
  });
  const emit = (event: WorkbenchEvent) => batcher.push(event);

  const monitor = new ConnectionMonitor({ onEvent: (channelId, event) => emit({ kind: 'connection', channelId, event }) });
  const pool = new ChannelPool({ monitor });
  const shownCalls = new ShownCalls();
  const health = new HealthService({ pool, monitor, emit: (event) => emit({ kind: 'health', ...event }) });
  const loads = new LoadTestService({ codecFor: (req) => protoSets.codecFor(req.method), emit: (snapshot) => emit({ kind: 'load', snapshot }) });
  const calls = new CallRegistry({ pool, retainMessages: options.retainMessages, recordDir: join(options.dataDir, 'streams'), isShown: (callId) => shownCalls.has(callId) });
  const snapshots = createSnapshotService({ messageRange: (callId, from, count) => calls.messageRange(callId, from, count), isRunning: (callId) => calls.liveCallIds().includes(callId) });
  const protoSets = createProtoSetStore({ cacheDir: join(options.dataDir, 'descriptor-cache') });
  const workspace = createWorkspaceStore(options.dataDir);
  const workspaceParts = createWorkspaceParts({ dataDir: options.dataDir, emit, secrets: options.secrets });
  // A page gone for longer than the grace leaves no call behind (see calls/call-owners.ts).
  const owners = new PageOwners({
    graceMs: options.orphanGraceMs ?? ORPHAN_GRACE_MS,
    onGone: (pageId) => {
      void calls.cancelOwnedBy(pageId, ORPHAN_CANCEL_MESSAGE);
      health.stopOwnedBy(pageId);
      loads.stopOwnedBy(pageId);
    },
  });
  const mock = new MockService({
    protoSet: (id) => protoSets.get(id),
    onState: (state) => emit({ kind: 'mock', state }),
    onRequest: (request) => emit({ kind: 'mock_request', request }),
  });
  const demo = new DemoController(protoSets, (running, address) => emit({ kind: 'demo', running, address }));

  const handlers: Handlers = {
    'shell:info': () =>
      ok({ shell: options.shell, platform: process.platform, version: APP_VERSION, nativeDialogs: false, homeDir: homedir() }),
    'protos:compile': (req) => protoSets.compile(req),
    'protos:importDescriptorSets': (req) => protoSets.importDescriptorSets(req),
    'protos:reflect': async (req) => {
      // Metadata first: a refused key must not reach a (shared) channel.
      const metadata = buildRequestMetadata(req.metadata);
      if (!metadata.ok) return metadata;
      const lease = pool.acquire(req.connection);
      if (!lease.ok) return lease;
      const startedAt = performance.now();
      const reflected = await reflectFileDescriptorSet({
        client: lease.value.channel.client,
        target: lease.value.channel.displayTarget,
        metadata: metadata.value,
        explainEnd: lease.value.channel.explainEnd,
      }).finally(() => lease.value.release());
      if (!reflected.ok) return reflected;
      return protoSets.addFromDescriptorSet(reflected.value.fileDescriptorSet, { kind: 'reflection', target: req.connection.target }, {
        startedAt,
        warnings: reflected.value.warnings,
      });
    },
    'protos:list': () => ok(protoSets.list()),
    'protos:remove': (req) => protoSets.remove(req.protoSetId),
    'catalog:describeMethod': (req) => protoSets.describeMethod(req),
    'calls:start': (req, caller) => startCall(req, caller),
    'load:exportLocust': (req) => exportLocust(protoSets, req),
    'calls:write': (req) => calls.write(req.callId, req.json),
    'calls:halfClose': (req) => calls.halfClose(req.callId),
    'calls:cancel': (req) => calls.cancel(req.callId),
    'calls:snapshot': (req) => {
      // Hand over what is batched first: the snapshot then covers exactly the batches up to
      // lastSeq, and the page applies only later ones on top of it.
      batcher.flush();
      return ok({ seq: batcher.lastSeq, calls: req.callIds.map((callId) => calls.snapshot(callId, req.lastMessages)) });
    },
    'calls:list': (_req, caller) =>
      ok(
        calls.listLive().map(({ owner, ...call }) => ({
          ...call,
          ownedByCaller: owner !== null && owner === caller?.pageId,
          ownerGone: owner !== null && owners.isGone(owner),
        })),
      ),
    'calls:saveStream': (req) => calls.saveStream(req.callId, req.path),
    'calls:messages': (req) => calls.messageRange(req.callId, req.from, req.count),
    'snapshots:record': (req) => snapshots.record(req),
    'snapshots:read': (req) => snapshots.read(req),
    'snapshots:compare': (req) => snapshots.compare(req),
    'snapshots:setIgnore': (req) => snapshots.setIgnore(req),
    'calls:shown': (req) => {
      shownCalls.set(req.pageId, req.callIds);
      calls.forgetUnshown();
      return ok(null);
    },
    'connections:get': (req) => monitor.snapshot(req.channelId),
    'connections:list': () => ok(pool.summaries()),
    'connections:close': (req) =>
      pool.close(req.channelId, 'Closed from the Connections table; the next call opens a new connection.') ? ok(null) : unknownChannel(req.channelId),
    'connections:reconnect': (req) => (pool.reconnect(req.channelId) ? ok(null) : unknownChannel(req.channelId)),
    'health:check': (req) => health.check(req),
    'health:watch': (req, caller) => {
      const started = health.startWatch(req, caller?.pageId ?? null);
      if (started.ok && caller !== undefined) owners.callStarted(caller.pageId);
      return started;
    },
    'health:unwatch': (req) => health.stopWatch(req.watchId),
    'load:start': (req, caller) => {
      const overGrpc = grpcOnly(req.connection, 'Load tests');
      if (!overGrpc.ok) return overGrpc;
      const started = loads.start(req, caller?.pageId ?? null);
      if (started.ok && caller !== undefined) owners.callStarted(caller.pageId);
      return started;
    },
    'load:stop': (req) => loads.stop(req.loadId),
    'load:report': (req) => loads.report(req.loadId),
    'demo:start': (req) => demo.start(req.port),
    'demo:stop': () => demo.stop(),
    'mock:start': (req) => mock.start(req),
    'mock:stop': () => mock.stop(),
    'mock:setRules': (req) => mock.setRules(req.rules),
    'mock:requests': () => ok({ state: mock.state(), requests: mock.requests() }),
    'mock:readRules': (req) => readMockRules(req.folder),
    'mock:writeRules': (req) => writeMockRules(req.folder, req.rules),
    'files:list': (req) => {
      // "~" is the host user's home; a relative path is refused, never read against the host's cwd.
      const folder = pickerFolder(req.path);
      return folder.ok ? listDirectory(folder.value) : folder;
    },
    // The engine has no windows: the Electron main process answers files:pick with native
    // dialogs itself; the browser shell's renderer shows its own picker over files:list.
    'files:pick': () => err('UNSUPPORTED', 'This shell has no native file dialogs; use the in-app file picker.'),
    'workspace:load': () => workspace.load(),
    'workspace:save': (req) => workspace.save(req),
    ...workspaceParts.handlers,
  };

  function startCall(req: StartCallRequest, caller: Caller | undefined): Result<ChannelResponse<'calls:start'>> {
    const found = protoSets.codecFor(req.method);
    if (!found.ok) return found;
    const started = calls.start({
      method: found.value.method,
      codec: found.value.codec,
      statusDecoder: protoSets.statusDetailsDecoderFor(req.method.protoSetId),
      connection: req.connection,
      metadata: req.metadata,
      deadlineMs: req.deadlineMs,
      requestJson: req.requestJson,
      options: req.options,
      sink: (envelope) => emit({ kind: 'call', ...envelope }),
      owner: caller?.pageId ?? null,
      ...reflectedTypesResolver(req.method.protoSetId),
    });
    if (!started.ok) return started;
    if (caller !== undefined) owners.callStarted(caller.pageId);
    return ok({ callId: started.value.callId, channelId: started.value.channelId });
  }

  /** For a proto set from reflection: an Any's unknown type is asked of the server the call runs against. */
  function reflectedTypesResolver(protoSetId: StartCallRequest['method']['protoSetId']): Pick<StartCallParams, 'resolveTypes'> {
    const reflected = protoSets.reflectedTypesFor(protoSetId);
    if (!reflected) return {};
    return {
      resolveTypes: (typeNames, via) =>
        reflected.resolve(typeNames, (typeName, isKnownFile) =>
          reflectFilesContainingSymbol({ ...via, metadata: via.metadata.clone(), deadline: Date.now() + TYPE_LOOKUP_DEADLINE_MS }, typeName, isKnownFile),
        ),
    };
  }

  let disposing: Promise<void> | null = null;
  return {
    async invoke<C extends ChannelName>(channel: C, request: ChannelRequest<C>, caller?: Caller): Promise<Result<ChannelResponse<C>>> {
      if (disposing) return err('INTERNAL', 'gRPC Workbench is shutting down.');
      const handler = handlers[channel] as ((r: ChannelRequest<C>, c: Caller | undefined) => Promise<Result<ChannelResponse<C>>> | Result<ChannelResponse<C>>) | undefined;
      if (!handler) return err('INVALID_REQUEST', `Unknown channel "${String(channel)}".`);
      try {
        return await handler(request, caller);
      } catch (e) {
        return err('INTERNAL', `Unexpected failure in ${channel}: ${(e as Error).message}`);
      }
    },
    onEvents(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    connectPage: (pageId) => owners.connect(pageId),
    dispose() {
      disposing ??= (async () => {
        owners.dispose();
        await calls.dispose();
        health.dispose();
        await loads.dispose();
        await demo.stop();
        await mock.dispose();
        pool.closeAll();
        workspaceParts.dispose();
        monitor.dispose();
        batcher.dispose();
        listeners.clear();
      })();
      return disposing;
    },
  };
}
