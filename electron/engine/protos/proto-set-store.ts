import { performance } from 'node:perf_hooks';
import type { DescMethod, FileRegistry, Registry } from '@bufbuild/protobuf';
import type { FileDescriptorSet } from '@bufbuild/protobuf/wkt';
import type { CatalogMethod, MethodDescription, ProtoSetSummary, ProtoSource } from '../../../shared/catalog';
import type { CompileRequest, DescriptorSetRequest, MethodRef } from '../../../shared/contract';
import type { ProtoSetId } from '../../../shared/ids';
import { err, ok, type Result } from '../../../shared/result';
import { createMethodCodec } from '../codec/create-method-codec';
import type { MethodCodec, StatusDetailsDecoder } from '../codec/method-codec';
import { createStatusDetailsDecoder } from '../codec/status-details-decoder';
import { bundledIncludeDir } from '../resources';
import { catalogMethod } from './catalog-builder';
import { createDescriptorCache } from './descriptor-cache';
import { readDescriptorSetFiles } from './descriptor-set-files';
import { describeMethod } from './method-description';
import { compileProtoFiles } from './proto-compiler';
import { loadProtoSetContents, protoSetFrom, type ProtoSet, type ProtoSetContents } from './proto-set';
import { protocInstallation } from './protoc-binary';
import { ReflectedTypes } from './reflected-types';
import { createProtocRunner, type ProtocRunner } from './protoc-runner';

export interface ProtoSetStoreOptions {
  /** Where compiled descriptor sets are cached (e.g. <dataDir>/descriptor-cache). */
  cacheDir: string;
  /** How protoc is run; the real binary as a child process by default. Tests wrap it to count runs. */
  runProtoc?: ProtocRunner;
}

export interface AddOptions {
  /** When the import began (performance.now()), for ProtoSetSummary.elapsedMs. */
  startedAt?: number;
  fromCache?: boolean;
  /** Carried into ProtoSetSummary.warnings. */
  warnings?: string[];
}

/** Every proto set the engine knows, keyed by a stable id per source; the facade's only door to descriptors. */
export interface ProtoSetStore {
  /** Compiles .proto files with protoc (or takes them from the descriptor cache). `source` overrides the recorded source (e.g. { kind: 'demo' }). */
  compile(req: CompileRequest, options?: { source?: ProtoSource }): Promise<Result<ProtoSetSummary>>;
  /** Imports FileDescriptorSet files (protoc -o, buf build -o), merged into one proto set. */
  importDescriptorSets(req: DescriptorSetRequest): Promise<Result<ProtoSetSummary>>;
  /** Adds descriptors obtained elsewhere (server reflection). Replaces a set with the same source. */
  addFromDescriptorSet(set: FileDescriptorSet, source: ProtoSource, options?: AddOptions): Result<ProtoSetSummary>;
  list(): ProtoSetSummary[];
  get(id: ProtoSetId): ProtoSet | undefined;
  remove(id: ProtoSetId): Result<null>;
  describeMethod(ref: MethodRef): Result<MethodDescription>;
  codecFor(ref: MethodRef): Result<{ codec: MethodCodec; method: CatalogMethod }>;
  /** Rich error details: google.rpc types always, plus any detail type the proto set knows. */
  statusDetailsDecoderFor(id: ProtoSetId): StatusDetailsDecoder;
  /** For a proto set from server reflection: the types it may still learn from that server (an Any's type); null otherwise. */
  reflectedTypesFor(id: ProtoSetId): ReflectedTypes | null;
}

interface Entry {
  set: ProtoSet;
  summary: ProtoSetSummary;
  descriptions: Map<string, MethodDescription>;
  /** Per `service/method`: the codec and the catalog's description, made once (every call asks). */
  codecs: Map<string, { codec: MethodCodec; method: CatalogMethod }>;
  statusDecoder: StatusDetailsDecoder | null;
  reflected: ReflectedTypes | null;
}

export function createProtoSetStore(options: ProtoSetStoreOptions): ProtoSetStore {
  const entries = new Map<ProtoSetId, Entry>();
  const cache = createDescriptorCache(options.cacheDir);
  const runProtoc = options.runProtoc ?? createProtocRunner();
  const fallbackDecoder = createStatusDetailsDecoder();

  function add(set: FileDescriptorSet, source: ProtoSource, addOptions: AddOptions = {}): Result<ProtoSetSummary> {
    const contents = loadProtoSetContents(set);
    return contents.ok ? addContents(contents.value, source, addOptions) : contents;
  }

  function addContents(contents: ProtoSetContents, source: ProtoSource, addOptions: AddOptions): Result<ProtoSetSummary> {
    const set = protoSetFrom(contents, source);
    const summary: ProtoSetSummary = {
      id: set.id,
      source,
      packages: set.packages,
      fileCount: set.fileCount,
      fromCache: addOptions.fromCache ?? false,
      elapsedMs: addOptions.startedAt === undefined ? 0 : Math.round(performance.now() - addOptions.startedAt),
      warnings: addOptions.warnings ?? [],
    };
    const reflected = source.kind === 'reflection' ? new ReflectedTypes(set.registry) : null;
    entries.set(summary.id, { set, summary, descriptions: new Map(), codecs: new Map(), statusDecoder: null, reflected });
    return ok(summary);
  }

  /**
   * The set's registry. A set from the descriptor cache builds it here, on first use; that
   * cannot fail for bytes that loaded when they were cached, but if it does the caller gets
   * an error, not an exception.
   */
  function registryOf(entry: Entry): Result<FileRegistry> {
    try {
      return ok(entry.set.registry);
    } catch (error) {
      return err('INTERNAL', `The cached descriptors could not be loaded: ${(error as Error).message}. Import the protos again.`);
    }
  }

  /** What Anys are looked up in: the proto set, plus what its server's reflection told later. */
  function decodingRegistry(entry: Entry): Result<Registry> {
    if (entry.reflected) return ok(entry.reflected.registry);
    return registryOf(entry);
  }

  function findMethod(ref: MethodRef): Result<{ entry: Entry; method: DescMethod }> {
    const entry = entries.get(ref.protoSetId);
    if (!entry) return err('NOT_FOUND', `No proto set "${ref.protoSetId}" is loaded. Import the protos again.`, { protoSetId: ref.protoSetId });
    const registry = registryOf(entry);
    if (!registry.ok) return registry;
    const service = registry.value.getService(ref.service);
    if (!service) {
      return err('NOT_FOUND', `The proto set has no service "${ref.service}". Check the name, or re-import the protos if they changed.`, { service: ref.service });
    }
    const method = service.methods.find((m) => m.name === ref.method);
    if (!method) return err('NOT_FOUND', `${ref.service} has no method "${ref.method}".`, { service: ref.service, method: ref.method });
    return ok({ entry, method });
  }

  return {
    async compile(req, compileOptions = {}) {
      const startedAt = performance.now();
      let bundled: string;
      let protoc: ReturnType<typeof protocInstallation>;
      try {
        bundled = bundledIncludeDir();
        protoc = protocInstallation();
      } catch (error) {
        return err('INTERNAL', `The bundled protoc or protos are missing: ${(error as Error).message}`);
      }
      const compiled = await compileProtoFiles(req, {
        runProtoc,
        cache,
        protocVersion: protoc.version,
        bundledIncludeDir: bundled,
        wellKnownIncludeDir: protoc.includeDir,
      });
      if (!compiled.ok) return compiled;
      const source = compileOptions.source ?? { kind: 'files', protoFiles: req.protoFiles, importPaths: req.importPaths };
      return addContents(compiled.value.contents, source, { startedAt, fromCache: compiled.value.fromCache, warnings: compiled.value.warnings });
    },

    async importDescriptorSets(req) {
      const startedAt = performance.now();
      const merged = await readDescriptorSetFiles(req.paths);
      if (!merged.ok) return merged;
      return add(merged.value.set, { kind: 'descriptor_sets', paths: req.paths }, { startedAt, warnings: merged.value.warnings });
    },

    addFromDescriptorSet: add,

    list() {
      return [...entries.values()].map((e) => e.summary);
    },

    get(id) {
      return entries.get(id)?.set;
    },

    remove(id) {
      if (!entries.delete(id)) return err('NOT_FOUND', `No proto set "${id}" is loaded.`, { protoSetId: id });
      return ok(null);
    },

    describeMethod(ref) {
      const found = findMethod(ref);
      if (!found.ok) return found;
      const { entry, method } = found.value;
      const key = `${ref.service}/${ref.method}`;
      const cached = entry.descriptions.get(key);
      if (cached) return ok(cached);
      try {
        const description = describeMethod(method, entry.set.registry);
        entry.descriptions.set(key, description);
        return ok(description);
      } catch (error) {
        const why = error instanceof RangeError && /call stack/i.test(error.message) ? 'its message types nest too deeply to walk (the stack overflowed)' : (error as Error).message;
        return err('INTERNAL', `Could not describe ${method.parent.typeName}.${method.name}: ${why}`);
      }
    },

    codecFor(ref) {
      const key = `${ref.service}/${ref.method}`;
      const known = entries.get(ref.protoSetId)?.codecs.get(key);
      if (known !== undefined) return ok(known);
      const found = findMethod(ref);
      if (!found.ok) return found;
      const { entry, method } = found.value;
      const registry = decodingRegistry(entry);
      if (!registry.ok) return registry;
      // catalogMethod reads the method's source comments: once per method, not per call.
      const made = { codec: createMethodCodec(registry.value, method), method: catalogMethod(method) };
      entry.codecs.set(key, made);
      return ok(made);
    },

    statusDetailsDecoderFor(id) {
      const entry = entries.get(id);
      if (!entry) return fallbackDecoder;
      const registry = decodingRegistry(entry);
      if (!registry.ok) return fallbackDecoder;
      entry.statusDecoder ??= createStatusDetailsDecoder(registry.value);
      return entry.statusDecoder;
    },

    reflectedTypesFor(id) {
      return entries.get(id)?.reflected ?? null;
    },
  };
}
