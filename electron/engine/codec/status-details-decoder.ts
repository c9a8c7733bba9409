import { fromBinary, isMessage, type DescMessage, type Registry } from '@bufbuild/protobuf';
import { AnySchema, type Any } from '@bufbuild/protobuf/wkt';
import type { RichErrorDetail } from '../../../shared/call-events';
import { googleRpcRegistry } from './google-rpc-registry';
import { inspectMessage } from './inspect-message';
import type { StatusDetailsDecoder } from './method-codec';
import { prepareMessageCodecs } from './stack-safe-codecs';

/**
 * Decodes the grpc-status-details-bin trailer: a google.rpc.Status whose details are Anys.
 * google.rpc's own details (ErrorInfo, BadRequest, RetryInfo, QuotaFailure, ...) always decode,
 * from descriptors embedded at build time (google-rpc-descriptors.ts); any other detail type
 * decodes when one of `registries` knows it (e.g. the proto set of the method being called).
 * Each detail stands on its own: one of an unknown type (or with bytes that are not its type)
 * is listed as {"@type": url, "value": "<base64>"} with a note, and the others still decode.
 */
export function createStatusDetailsDecoder(...registries: Registry[]): StatusDetailsDecoder {
  const rpc = googleRpcRegistry();
  const statusDesc = rpc.getMessage('google.rpc.Status');
  const lookup = (typeName: string): { desc: DescMessage; registry: Registry } | null => {
    for (const registry of [rpc, ...registries]) {
      const desc = registry.getMessage(typeName);
      if (desc) return { desc, registry };
    }
    return null;
  };

  return (statusBytes) => {
    if (!statusDesc) return null;
    let details: Any[];
    try {
      // google.rpc.Status has no generated type here: read its `details` field and check each item is an Any.
      const status = fromBinary(statusDesc, statusBytes);
      const list: unknown = Reflect.get(status, 'details');
      if (!Array.isArray(list)) return null;
      details = list.filter((item): item is Any => isMessage(item, AnySchema));
    } catch {
      return null;
    }
    const unresolved = new Set<string>();
    const decoded = details.map((any): RichErrorDetail => {
      const typeName = any.typeUrl.slice(any.typeUrl.lastIndexOf('/') + 1);
      const found = lookup(typeName);
      if (!found) {
        unresolved.add(typeName);
        return undecoded(any, `This detail's type, ${any.typeUrl}, is in no loaded proto: shown as its ${any.value.length} bytes in base64. Import the .proto that defines ${typeName} to see it decoded.`);
      }
      // A detail type with a cycle of types too long to compile safely is listed undecoded.
      const tooLong = prepareMessageCodecs([found.desc]);
      if (tooLong !== null) return undecoded(any, `This detail is shown in base64: ${tooLong}`, typeName);
      let message;
      try {
        message = fromBinary(found.desc, any.value);
      } catch (error) {
        return undecoded(any, `This detail's ${any.value.length} bytes are not a valid ${typeName} (${(error as Error).message}): shown in base64.`, typeName);
      }
      try {
        const inspected = inspectMessage(found.desc, message, found.registry, {}, 'This detail');
        for (const name of inspected.unresolvedTypeNames) unresolved.add(name);
        return {
          type: typeName,
          json: inspected.json,
          ...(inspected.notes.length > 0 ? { notes: inspected.notes } : {}),
          ...(inspected.unknownFields.length > 0 ? { unknownFields: inspected.unknownFields } : {}),
        };
      } catch (error) {
        return undecoded(any, `This detail cannot be shown as JSON (${(error as Error).message}): shown in base64.`, typeName);
      }
    });
    return { details: decoded, unresolvedTypeNames: [...unresolved] };
  };
}

function undecoded(any: Any, note: string, type: string = any.typeUrl): RichErrorDetail {
  return { type, json: { '@type': any.typeUrl, value: Buffer.from(any.value).toString('base64') }, notes: [note] };
}
