import type { CatalogMethod } from '../../../shared/catalog';
import type { Result } from '../../../shared/result';
import type { EncodedRequest } from './call-session';

/**
 * What the call registry needs of a running call, whatever carries it: CallSession (grpc-js,
 * gRPC) and ConnectCallSession (connect-node, gRPC-Web and Connect). Both emit the same
 * CallEvents (shared/call-events.ts): started first, then status and ended exactly once each.
 */
export interface CallSessionShape {
  readonly kind: CatalogMethod['kind'];
  /** Start the call; `request` is required for unary and server-streaming calls and ignored otherwise. */
  start(request: EncodedRequest | null): void;
  /** Send one more message on a client-streaming or bidi call. */
  write(json: string): Result<{ index: number }>;
  /** Tell the server no more messages follow (client-streaming and bidi calls). */
  halfClose(): Result<null>;
  /** Cancel the call; a no-op once it ended. */
  cancel(reason?: string): void;
}
