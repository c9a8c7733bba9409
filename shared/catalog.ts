import type { HttpRule } from './http-rule';
import type { ProtoSetId } from './ids';

export type MethodKind = 'unary' | 'server_streaming' | 'client_streaming' | 'bidi_streaming';

export interface CatalogMethod {
  name: string; // e.g. "UnaryCall"
  fullName: string; // e.g. "grpc.testing.TestService.UnaryCall"
  /** The gRPC path, e.g. "/grpc.testing.TestService/UnaryCall". */
  path: string;
  kind: MethodKind;
  inputType: string; // fully-qualified message name
  outputType: string;
  comment: string; // leading comment from source info ("" when none)
  deprecated: boolean;
  /** Its google.api.http rules (primary, then additional_bindings), e.g. POST /v3/kv/range; absent when it has none. */
  httpRules?: HttpRule[];
}

export interface CatalogService {
  name: string; // simple name
  fullName: string;
  comment: string;
  deprecated: boolean;
  methods: CatalogMethod[];
}

export interface CatalogPackage {
  name: string; // "" for the root package
  services: CatalogService[];
}

/** Where a proto set came from, so it can be reloaded after a restart. */
export type ProtoSource =
  | { kind: 'files'; protoFiles: string[]; importPaths: string[] }
  | { kind: 'descriptor_sets'; paths: string[] }
  | { kind: 'reflection'; target: string }
  | { kind: 'demo' };

export interface ProtoSetSummary {
  id: ProtoSetId;
  source: ProtoSource;
  packages: CatalogPackage[];
  fileCount: number;
  /** True when the compiled descriptor set came from the on-disk cache (protoc did not run). */
  fromCache: boolean;
  /** Milliseconds the import took, for the user's curiosity and the benchmarks. */
  elapsedMs: number;
  /**
   * What the user should know although the import succeeded, one sentence each: protoc's
   * warnings (e.g. an unused import), an input file that declares nothing, services server
   * reflection could not describe. Empty when there is nothing to say.
   */
  warnings: string[];
}

/** One problem protoc reported. line/column are 1-based; 0 when protoc gave none. */
export interface ProtoDiagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface MethodDescription {
  method: CatalogMethod;
  /** JSON Schema (draft-07 flavour, as Monaco's JSON language service reads it) of the input message. */
  inputSchema: Record<string, unknown>;
  /** A valid example request, pretty-printed JSON text. */
  inputExample: string;
}
