import { createRegistry, fromJson, toBinary, type JsonValue, type Registry } from '@bufbuild/protobuf';
import { googleRpcRegistry } from '../codec/google-rpc-registry';
import type { GatewayStatus } from './http-error-status';

/**
 * A gateway's JSON status as google.rpc.Status bytes, the form a gRPC server puts in
 * grpc-status-details-bin, so the call's own StatusDetailsDecoder shows its details exactly as
 * it shows a gRPC call's. Details of types neither google.rpc nor `registry` knows are left out
 * (their JSON cannot be turned back into bytes); null when there are no details to show.
 */
export function gatewayStatusBytes(status: GatewayStatus, registry: Registry | null): Uint8Array | null {
  if (status.details.length === 0) return null;
  const rpc = googleRpcRegistry();
  const statusDesc = rpc.getMessage('google.rpc.Status');
  if (!statusDesc) return null;
  const lookup = registry === null ? rpc : createRegistry(rpc, registry);
  const details = status.details.filter((detail) => {
    try {
      fromJson(statusDesc, { details: [detail as JsonValue] }, { registry: lookup, ignoreUnknownFields: true });
      return true;
    } catch {
      return false;
    }
  });
  if (details.length === 0) return null;
  try {
    const message = fromJson(statusDesc, { code: status.code, message: status.message, details: details as JsonValue[] }, { registry: lookup, ignoreUnknownFields: true });
    return toBinary(statusDesc, message);
  } catch {
    return null;
  }
}
