import type { DescMethod, Registry } from '@bufbuild/protobuf';
import type { ProtoSetId } from '../../../shared/ids';
import type { MockRequestRecord, MockRules, MockServerState, StartMockRequest } from '../../../shared/mock';
import { err, ok, type Result } from '../../../shared/result';
import { googleRpcRegistry } from '../codec/google-rpc-registry';
import { createLayeredRegistry } from '../codec/layered-registry';
import type { ProtoSet } from '../protos/proto-set';
import { compileRules, ruleKey, type CompiledRule } from './compiled-rules';
import { createMockMethodCodec, type MockMethodCodec } from './mock-method-codec';
import { MockRequestLog } from './mock-request-log';
import { mockedServices, startMockServer, type RunningMockServer } from './mock-server';

export interface MockServiceOptions {
  protoSet(id: ProtoSetId): ProtoSet | undefined;
  onState(state: MockServerState): void;
  onRequest(record: MockRequestRecord): void;
}

interface Running {
  server: RunningMockServer;
  protoSetId: ProtoSetId;
  registry: Registry;
  methods: Map<string, { method: DescMethod; codec: MockMethodCodec }>;
  holder: { rules: Map<string, CompiledRule> };
}

const STOPPED: MockServerState = { running: false, address: null, protoSetId: null, services: [] };

/**
 * mock:start / mock:stop / mock:setRules / mock:requests: one mock server at a time. Starting
 * again replaces the running one (another proto set, or the same on another port).
 */
export class MockService {
  private running: Running | null = null;
  private readonly log: MockRequestLog;
  /** Serializes start and stop, so two quick clicks never leave two servers. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: MockServiceOptions) {
    this.log = new MockRequestLog(options.onRequest);
  }

  start(request: StartMockRequest): Promise<Result<{ address: string; port: number }>> {
    return this.serialized(async () => {
      const protoSet = this.options.protoSet(request.protoSetId);
      if (!protoSet) return err('NOT_FOUND', `No proto set "${request.protoSetId}" is loaded, so there is nothing to mock. Import the protos again.`, { protoSetId: request.protoSetId });
      const registry = createLayeredRegistry(protoSet.registry, googleRpcRegistry());
      const methods = new Map<string, { method: DescMethod; codec: MockMethodCodec }>();
      for (const service of mockedServices(protoSet.registry)) {
        for (const method of service.methods) methods.set(ruleKey(method), { method, codec: createMockMethodCodec(registry, method) });
      }
      if (methods.size === 0) return err('INVALID_REQUEST', 'This proto set defines no services, so a mock server would have nothing to answer. Import the protos that define the services.');
      const rules = compileRules(request.rules, methods, registry);
      if (!rules.ok) return rules;
      await this.stopRunning();
      // The server reads its rules from here, so mock:setRules swaps them under running calls.
      const holder = { rules: rules.value };
      let server: RunningMockServer;
      try {
        server = await startMockServer({ registry: protoSet.registry, port: request.port ?? 0, methods, rule: (key) => ruleIn(holder.rules, key), log: this.log });
      } catch (error) {
        return err('IO', (error as Error).message, { field: 'port' });
      }
      this.running = { server, protoSetId: request.protoSetId, registry, methods, holder };
      this.options.onState(this.state());
      return ok({ address: server.address, port: server.port });
    });
  }

  stop(): Promise<Result<null>> {
    return this.serialized(async () => {
      await this.stopRunning();
      return ok(null);
    });
  }

  /** Replaces the rules of the running server; the next call of each method follows them. */
  setRules(rules: MockRules): Result<null> {
    const running = this.running;
    if (!running) return err('NOT_FOUND', 'The mock server is not running; start it first (its rules are sent with Start mock server).');
    const compiled = compileRules(rules, running.methods, running.registry);
    if (!compiled.ok) return compiled;
    running.holder.rules = compiled.value;
    return ok(null);
  }

  requests(): MockRequestRecord[] {
    return this.log.list();
  }

  clearRequests(): void {
    this.log.clear();
  }

  state(): MockServerState {
    const running = this.running;
    if (!running) return STOPPED;
    return { running: true, address: running.server.address, protoSetId: running.protoSetId, services: running.server.services };
  }

  dispose(): Promise<Result<null>> {
    return this.stop();
  }

  private async stopRunning(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = null;
    await running.server.stop();
    this.options.onState(STOPPED);
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** compileRules makes a rule for every served method (defaults when none was given). */
function ruleIn(rules: Map<string, CompiledRule>, key: string): CompiledRule {
  const rule = rules.get(key);
  if (!rule) throw new Error(`No mock rule for ${key}.`);
  return rule;
}
