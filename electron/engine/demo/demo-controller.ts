import { join } from 'node:path';
import type { ProtoSetSummary } from '../../../shared/catalog';
import type { DemoServerInfo } from '../../../shared/contract';
import { err, ok, type Result } from '../../../shared/result';
import type { ProtoSetStore } from '../protos/proto-set-store';
import { protosDir } from '../resources';
import { startDemoListeners, type RunningDemoListeners } from './demo-targets';

/**
 * Starts and stops the in-process demo server for the engine, and registers demo.proto as a
 * proto set (source "demo") so its services appear in the catalog at once.
 */
export class DemoController {
  private running: RunningDemoListeners | null = null;
  private starting: Promise<Result<DemoServerInfo>> | null = null;

  constructor(
    private readonly protoSets: ProtoSetStore,
    private readonly onChange: (running: boolean, address: string | null) => void,
  ) {}

  start(port: number | null): Promise<Result<DemoServerInfo>> {
    // Two clicks in a row share one start instead of racing for the port.
    this.starting ??= this.doStart(port).finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async doStart(port: number | null): Promise<Result<DemoServerInfo>> {
    const compiling = this.protoSets.compile(
      { protoFiles: [join(protosDir(), 'demo.proto')], importPaths: [protosDir()] },
      { source: { kind: 'demo' } },
    );
    if (this.running && (port === null || port === this.running.main.port)) {
      const compiled = await compiling;
      return compiled.ok ? ok(this.info(this.running, compiled.value)) : compiled;
    }
    await this.stop();
    // protoc runs in its own process: the listeners start meanwhile instead of after it.
    const [compiled, listeners] = await Promise.all([compiling, startDemoListeners({ port: port ?? 0 }).then(ok, (e: unknown) => err('IO', `${(e as Error).message}. Choose another port, or stop what is using it.`))]);
    if (!compiled.ok) {
      if (listeners.ok) await listeners.value.stop();
      return compiled;
    }
    if (!listeners.ok) return listeners;
    this.running = listeners.value;
    this.onChange(true, this.running.main.address);
    return ok(this.info(this.running, compiled.value));
  }

  private info(running: RunningDemoListeners, protoSet: ProtoSetSummary): DemoServerInfo {
    return { address: running.main.address, port: running.main.port, protoSet, targets: running.targets };
  }

  async stop(): Promise<Result<null>> {
    const server = this.running;
    this.running = null;
    if (server) {
      await server.stop();
      this.onChange(false, null);
    }
    return ok(null);
  }
}
