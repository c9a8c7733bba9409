import { fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema, type FileDescriptorProto } from '@bufbuild/protobuf/wkt';
import { GOOGLE_RPC_DESCRIPTOR_SET_BASE64 } from './google-rpc-descriptors';

let files: FileDescriptorProto[] | null = null;

/** google/rpc/status.proto, error_details.proto and code.proto, decoded once from the embedded set. */
export function googleRpcFileProtos(): FileDescriptorProto[] {
  files ??= fromBinary(FileDescriptorSetSchema, Buffer.from(GOOGLE_RPC_DESCRIPTOR_SET_BASE64, 'base64')).file;
  return files;
}
