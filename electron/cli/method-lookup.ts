import { isAbsolute, join } from 'node:path';
import type { MethodKind, ProtoSetSummary } from '../../shared/catalog';
import type { CollectionIndex } from '../../shared/collection';
import type { MethodRef } from '../../shared/contract';
import type { ConnectionSettings } from '../../shared/connection';
import type { MetadataEntry } from '../../shared/metadata';
import { methodFullName, type MethodName } from '../../shared/request-document';
import type { WorkbenchEngine } from '../engine/engine-api';

export interface FoundMethod {
  ref: MethodRef;
  kind: MethodKind;
}

function findIn(sets: readonly ProtoSetSummary[], name: MethodName): FoundMethod | null {
  for (let i = sets.length - 1; i >= 0; i -= 1) {
    const set = sets[i] as ProtoSetSummary;
    for (const service of set.packages.flatMap((p) => p.services)) {
      if (service.fullName !== name.service) continue;
      const method = service.methods.find((m) => m.name === name.method);
      if (method) return { ref: { protoSetId: set.id, service: name.service, method: name.method }, kind: method.kind };
    }
  }
  return null;
}

/**
 * Finds a saved request's method the way the app does: the collection's proto files and
 * descriptor sets (imported once), then server reflection against the request's server
 * (once per target) when the collection allows it.
 */
export class MethodLookup {
  private readonly sets: ProtoSetSummary[] = [];
  private filesTried = false;
  private readonly fileProblems: string[] = [];
  private readonly reflected = new Map<string, string | null>();

  constructor(
    private readonly engine: WorkbenchEngine,
    private readonly collection: CollectionIndex,
  ) {}

  async find(name: MethodName, connection: ConnectionSettings, metadata: MetadataEntry[]): Promise<{ ok: true; method: FoundMethod } | { ok: false; message: string }> {
    await this.importFiles();
    const inFiles = findIn(this.sets, name);
    if (inFiles) return { ok: true, method: inFiles };
    const problems = [...this.fileProblems];
    if (this.collection.schema.reflection) {
      const problem = await this.reflect(connection, metadata);
      if (problem !== null) problems.push(`Server reflection: ${problem}`);
      const viaReflection = findIn(this.sets, name);
      if (viaReflection) return { ok: true, method: viaReflection };
    }
    const why = problems.length > 0 ? ` ${problems.join(' ')}` : ' Add the .proto files that define it to the collection, or enable server reflection.';
    return { ok: false, message: `Method ${methodFullName(name)} was found neither in the schema of collection "${this.collection.name}" nor by reflection.${why}` };
  }

  private inFolder(path: string): string {
    return isAbsolute(path) ? path : join(this.collection.folder, path);
  }

  private async importFiles(): Promise<void> {
    if (this.filesTried) return;
    this.filesTried = true;
    const { schema } = this.collection;
    if (schema.protoFiles.length > 0) {
      const result = await this.engine.invoke('protos:compile', { protoFiles: schema.protoFiles.map((p) => this.inFolder(p)), importPaths: schema.importPaths.map((p) => this.inFolder(p)) });
      if (result.ok) this.sets.push(result.value);
      else this.fileProblems.push(`Proto files: ${result.error.message}`);
    }
    if (schema.descriptorSets.length > 0) {
      const result = await this.engine.invoke('protos:importDescriptorSets', { paths: schema.descriptorSets.map((p) => this.inFolder(p)) });
      if (result.ok) this.sets.push(result.value);
      else this.fileProblems.push(`Descriptor sets: ${result.error.message}`);
    }
  }

  /** null when reflection answered (now or before), else why not. */
  private async reflect(connection: ConnectionSettings, metadata: MetadataEntry[]): Promise<string | null> {
    const key = JSON.stringify([connection.target, connection.tls]);
    const known = this.reflected.get(key);
    if (known !== undefined) return known;
    const result = await this.engine.invoke('protos:reflect', { connection, metadata });
    if (result.ok) this.sets.push(result.value);
    const problem = result.ok ? null : result.error.message;
    this.reflected.set(key, problem);
    return problem;
  }
}
