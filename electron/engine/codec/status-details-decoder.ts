import { fromBinary, isMessage, toJson, type DescMessage, type Registry } from '@bufbuild/protobuf';
import { AnySchema, type Any } from '@bufbuild/protobuf/wkt';
import type { RichErrorDetail } from '../../../shared/call-events';
import { googleRpcRegistry } from './google-rpc-registry';
import type { StatusDetailsDecoder } from './method-codec';
import { prepareMessageCodecs } from './stack-safe-codecs';

/**
 * Decodes the grpc-status-details-bin trailer: a google.rpc.Status whose details are Anys.
 * google.rpc's own details (ErrorInfo, BadRequest, RetryInfo, QuotaFailure, ...) always decode,
 * from descriptors embedded at build time (google-rpc-descriptors.ts); any other detail type
 * decodes when one of `registries` knows it (e.g. the proto set of the method being called),
 * otherwise it is listed with its type URL and json null.
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
    return details.map((any): RichErrorDetail => {
      const typeName = any.typeUrl.slice(any.typeUrl.lastIndexOf('/') + 1);
      const found = lookup(typeName);
      if (!found) return { type: any.typeUrl, json: null };
      // A detail type with a cycle of types too long to compile safely is listed undecoded.
      if (prepareMessageCodecs([found.desc]) !== null) return { type: typeName, json: null };
      try {
        const message = fromBinary(found.desc, any.value);
        return { type: typeName, json: toJson(found.desc, message, { registry: found.registry }) };
      } catch {
        return { type: typeName, json: null };
      }
    });
  };
}
