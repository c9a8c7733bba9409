import { clone, createFileRegistry, type FileRegistry, type Registry } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, type FileDescriptorProto } from '@bufbuild/protobuf/wkt';
import type { Result } from '../../../shared/result';
import { layeredRegistryOver } from '../codec/layered-registry';
import { assembleFileDescriptorSet } from './reflection-file-set';

/**
 * Asks the server's reflection for the files that define one type (file_containing_symbol);
 * `isKnownFile` says which imports need not be fetched.
 */
export type FetchFilesForType = (typeName: string, isKnownFile: (fileName: string) => boolean) => Promise<Result<FileDescriptorProto[]>>;

/**
 * The types a proto set that came from server reflection learns later: a google.protobuf.Any
 * (in a response or in google.rpc.Status details) may pack a type no listed service refers
 * to, which the first reflection never fetched. Each type name is asked for once per proto
 * set, found or not, so a stream of such messages costs one round trip, not one per message.
 */
export class ReflectedTypes {
  /** The proto set's registry, then what reflection added; codecs built on it see new types at once. */
  readonly registry: Registry;
  private readonly layers: Registry[];
  private readonly attempts = new Map<string, Promise<void>>();
  private readonly settled = new Set<string>();
  private readonly fetched = new Map<string, FileDescriptorProto>();

  constructor(private readonly base: FileRegistry) {
    this.layers = [base];
    this.registry = layeredRegistryOver(this.layers);
  }

  /**
   * Ask reflection for the names not asked for before. Resolves when every one of them has
   * an answer (the registry then knows the ones found); null when there is nothing to wait
   * for, so a caller can go on at once.
   */
  resolve(typeNames: string[], fetch: FetchFilesForType): Promise<void> | null {
    const waits: Promise<void>[] = [];
    for (const name of new Set(typeNames)) {
      if (this.settled.has(name)) continue;
      let attempt = this.attempts.get(name);
      if (!attempt) {
        attempt = this.fetchOne(name, fetch).finally(() => this.settled.add(name));
        this.attempts.set(name, attempt);
      }
      waits.push(attempt);
    }
    return waits.length === 0 ? null : Promise.all(waits).then(() => undefined);
  }

  private async fetchOne(typeName: string, fetch: FetchFilesForType): Promise<void> {
    let answer: Result<FileDescriptorProto[]>;
    try {
      answer = await fetch(typeName, (fileName) => this.base.getFile(fileName) !== undefined || this.fetched.has(fileName));
    } catch {
      return;
    }
    if (!answer.ok) return;
    const fresh = answer.value.filter((file) => !this.base.getFile(file.name) && !this.fetched.has(file.name));
    if (fresh.length === 0) return;
    for (const file of fresh) this.fetched.set(file.name, file);
    try {
      // Rebuilt with the base files (copies: the repair qualifies names in place) so the new
      // files' references to them resolve, and the same repairs apply as to the first reflection.
      const baseFiles = Array.from(this.base.files, (file) => clone(FileDescriptorProtoSchema, file.proto));
      const registry = createFileRegistry(assembleFileDescriptorSet([...baseFiles, ...this.fetched.values()]));
      this.layers.splice(1, this.layers.length - 1, registry);
    } catch {
      // Files the registry refuses leave the type unknown; it is then shown as bytes.
      for (const file of fresh) this.fetched.delete(file.name);
    }
  }
}
