import type { ExportLocustRequest, ExportLocustResponse } from '../../../shared/contract';
import { err, ok, type Result } from '../../../shared/result';
import type { ProtoSetStore } from '../protos/proto-set-store';
import { parseTarget } from '../transport/target';
import { locustFileFor } from './locust-file';

/**
 * A request as a Locust file: encoded here, by the same codec the call path uses, so the load
 * test sends the very bytes Invoke would. Only unary methods: Locust users measure one
 * request/response per task.
 */
export function exportLocust(protoSets: Pick<ProtoSetStore, 'codecFor'>, req: ExportLocustRequest): Result<ExportLocustResponse> {
  const found = protoSets.codecFor(req.method);
  if (!found.ok) return found;
  const { codec, method } = found.value;
  if (method.kind !== 'unary') {
    return err('UNSUPPORTED', `${req.method.service}/${req.method.method} is a ${method.kind.replace('_', ' ')} method; a Locust file can only repeat unary calls.`);
  }
  const target = parseTarget(req.connection.target);
  if (!target.ok) return target;
  if (target.value.pathPrefix !== '') return err('UNSUPPORTED', `The address ${req.connection.target} has a path prefix, which python3-grpcio cannot send; use host:port.`);
  if (req.connection.tls.skipVerify) {
    return err('UNSUPPORTED', 'Skip certificate verification has no python3-grpcio equivalent; give the server\'s CA file instead (TLS CA path).');
  }
  const encoded = codec.encodeRequest(req.requestJson);
  if (!encoded.ok) return encoded;
  const tlsEnabled = req.connection.tls.enabled || target.value.tlsFromScheme === true;
  const python = locustFileFor({
    methodPath: method.path,
    target: target.value.display,
    requestBytes: encoded.value.bytes,
    metadata: req.metadata,
    deadlineMs: req.deadlineMs,
    tls: { ...req.connection.tls, enabled: tlsEnabled },
    name: `${req.method.service}/${req.method.method}`,
  });
  return ok({ python, requestBytes: encoded.value.bytes.length });
}
