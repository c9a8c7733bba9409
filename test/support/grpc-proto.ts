import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The one place that says where the gRPC interop protos live: Debian's grpc-proto package
 * (grpc/testing/*.proto, grpc/reflection/*), which CI installs. GRPC_PROTO_ROOT overrides it.
 * Python fixtures get it through the same variable (see python-peer.ts).
 */
const DEFAULT_GRPC_PROTO_ROOT = '/usr/share/grpc-proto';

/** The grpc-proto root; throws (never skips) with what to install when it is missing. */
export function grpcProtoRoot(): string {
  const root = process.env.GRPC_PROTO_ROOT ?? DEFAULT_GRPC_PROTO_ROOT;
  const probe = join(root, 'grpc', 'testing', 'test.proto');
  if (!existsSync(probe)) {
    throw new Error(`The gRPC interop protos are missing (${probe} not found). Install Debian's grpc-proto package (apt-get install grpc-proto) or set GRPC_PROTO_ROOT to a folder holding grpc/testing/test.proto.`);
  }
  return root;
}
