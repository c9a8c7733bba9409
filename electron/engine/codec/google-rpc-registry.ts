import { createFileRegistry, type FileRegistry } from '@bufbuild/protobuf';
import { knownFileProto } from '../protos/known-files';
import { googleRpcFileProtos } from './google-rpc-files';

let registry: FileRegistry | null = null;

/** google.rpc.Status, ErrorInfo, BadRequest, RetryInfo, ... with their well-known-type imports. */
export function googleRpcRegistry(): FileRegistry {
  registry ??= createFileRegistry(...googleRpcFileProtos().map((file) => createFileRegistry(file, knownFileProto)));
  return registry;
}
