import type { FileDescriptorProto } from '@bufbuild/protobuf/wkt';
import {
  file_google_protobuf_any,
  file_google_protobuf_api,
  file_google_protobuf_descriptor,
  file_google_protobuf_duration,
  file_google_protobuf_empty,
  file_google_protobuf_field_mask,
  file_google_protobuf_source_context,
  file_google_protobuf_struct,
  file_google_protobuf_timestamp,
  file_google_protobuf_type,
  file_google_protobuf_wrappers,
} from '@bufbuild/protobuf/wkt';
import { googleRpcFileProtos } from '../codec/google-rpc-files';

/** The google/protobuf/*.proto files protobuf-es carries, by import name. */
export function wellKnownFileProtos(): FileDescriptorProto[] {
  return [
    file_google_protobuf_any,
    file_google_protobuf_api,
    file_google_protobuf_descriptor,
    file_google_protobuf_duration,
    file_google_protobuf_empty,
    file_google_protobuf_field_mask,
    file_google_protobuf_source_context,
    file_google_protobuf_struct,
    file_google_protobuf_timestamp,
    file_google_protobuf_type,
    file_google_protobuf_wrappers,
  ].map((file) => file.proto);
}

/**
 * Files we can supply when a descriptor set leaves them out (`protoc -o` without
 * --include_imports, or a reflection server that does not serve well-known types).
 */
export function knownFileProto(name: string): FileDescriptorProto | undefined {
  return wellKnownFileProtos().find((f) => f.name === name) ?? googleRpcFileProtos().find((f) => f.name === name);
}
