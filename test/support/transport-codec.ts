// A tiny real codec for the transport tests: protoc compiles test/fixtures/transport/echo.proto
// (plus google/rpc/status.proto and error_details.proto) into a descriptor set, and
// @bufbuild/protobuf encodes and decodes through it. The real codec lives in engine/codec;
// the calls layer only sees the MethodCodec interface, which this implements independently.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { create, createFileRegistry, fromBinary, fromJsonString, toBinary, toJson, toJsonString, type DescMessage, type FileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import type { RichErrorDetail } from '../../shared/call-events';
import type { CatalogMethod, MethodKind } from '../../shared/catalog';
import { err, ok } from '../../shared/result';
import type { MethodCodec, StatusDetailsDecoder } from '../../electron/engine/codec/method-codec';

const ROOT = resolve(__dirname, '../..');
export const TRANSPORT_FIXTURES = join(ROOT, 'test/fixtures/transport');
export const ECHO_PROTO = join(TRANSPORT_FIXTURES, 'echo.proto');
const PROTOC = join(ROOT, 'node_modules/protoc/bin/protoc-linux-x86_64');
const PROTOC_INCLUDE = join(ROOT, 'node_modules/protoc/include');
export const GOOGLE_PROTOS = join(ROOT, 'node_modules/google-proto-files');

export const ECHO_SERVICE = 'transport.test.EchoService';

let cached: FileRegistry | null = null;

/** The registry of echo.proto and google.rpc status types, compiled once per test file. */
export function echoRegistry(): FileRegistry {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'transport-codec-'));
  try {
    const out = join(dir, 'set.binpb');
    execFileSync(PROTOC, [
      `-I${TRANSPORT_FIXTURES}`, `-I${GOOGLE_PROTOS}`, `-I${PROTOC_INCLUDE}`,
      '--include_imports', `--descriptor_set_out=${out}`,
      'echo.proto', 'google/rpc/status.proto', 'google/rpc/error_details.proto',
    ]);
    cached = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(out)));
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function messageDesc(typeName: string): DescMessage {
  const desc = echoRegistry().getMessage(typeName);
  if (!desc) throw new Error(`test fixture type ${typeName} not found`);
  return desc;
}

const KINDS: Record<string, MethodKind> = {
  Unary: 'unary',
  ServerStream: 'server_streaming',
  ClientStream: 'client_streaming',
  Bidi: 'bidi_streaming',
  Corrupt: 'server_streaming',
};

/** A CatalogMethod for one of the EchoService methods (what the catalog would hand the engine). */
export function echoMethod(name: keyof typeof KINDS): CatalogMethod {
  return {
    name,
    fullName: `${ECHO_SERVICE}.${name}`,
    path: `/${ECHO_SERVICE}/${name}`,
    kind: KINDS[name] as MethodKind,
    inputType: 'transport.test.EchoRequest',
    outputType: 'transport.test.EchoResponse',
    comment: '',
    deprecated: false,
  };
}

/** MethodCodec over @bufbuild/protobuf for EchoRequest -> EchoResponse. */
export function echoCodec(): MethodCodec {
  const registry = echoRegistry();
  const input = messageDesc('transport.test.EchoRequest');
  const output = messageDesc('transport.test.EchoResponse');
  return {
    encodeRequest(json) {
      try {
        const message = fromJsonString(input, json, { registry });
        return ok({ bytes: toBinary(input, message), json: toJsonString(input, message, { registry }) });
      } catch (e) {
        return err('BAD_JSON', (e as Error).message, { path: '' });
      }
    },
    decodeResponse(bytes, options) {
      try {
        const message = fromBinary(output, bytes);
        return ok(JSON.stringify(toJson(output, message, { registry, alwaysEmitImplicit: options.emitDefaults })));
      } catch (e) {
        return err('BAD_JSON', (e as Error).message);
      }
    },
    readResponse(bytes, options) {
      const decoded = this.decodeResponse(bytes, options);
      return decoded.ok ? ok({ json: decoded.value, unknownFields: [], notes: [], unresolvedTypeNames: [] }) : decoded;
    },
  };
}

/** Decodes google.rpc.Status details with the fixture registry. */
export const echoStatusDecoder: StatusDetailsDecoder = (bytes) => {
  const registry = echoRegistry();
  const statusDesc = messageDesc('google.rpc.Status');
  try {
    const status = fromBinary(statusDesc, bytes) as unknown as { details: { typeUrl: string; value: Uint8Array }[] };
    const details = status.details.map((detail): RichErrorDetail => {
      const type = detail.typeUrl.slice(detail.typeUrl.lastIndexOf('/') + 1);
      const desc = registry.getMessage(type);
      return { type, json: desc ? toJson(desc, fromBinary(desc, detail.value), { registry }) : null };
    });
    return { details, unresolvedTypeNames: [] };
  } catch {
    return null;
  }
};

/** The binary of an EchoResponse, as the server would send it. */
export function encodeEchoResponse(json: Record<string, unknown>): Uint8Array {
  const desc = messageDesc('transport.test.EchoResponse');
  return toBinary(desc, fromJsonString(desc, JSON.stringify(json)));
}

/** A google.rpc.Status with one BadRequest detail, as grpc-status-details-bin carries it. */
export function encodeRichStatus(code: number, message: string, field: string, description: string): Uint8Array {
  const registry = echoRegistry();
  const badRequestDesc = messageDesc('google.rpc.BadRequest');
  const badRequest = fromJsonString(badRequestDesc, JSON.stringify({ fieldViolations: [{ field, description }] }), { registry });
  const statusDesc = messageDesc('google.rpc.Status');
  const status = create(statusDesc, {
    code,
    message,
    details: [{ typeUrl: 'type.googleapis.com/google.rpc.BadRequest', value: toBinary(badRequestDesc, badRequest) }],
  } as never);
  return toBinary(statusDesc, status);
}
