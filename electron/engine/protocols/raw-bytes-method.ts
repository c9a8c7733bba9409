import { create, createFileRegistry, fromBinary, toBinary, type DescMethod } from '@bufbuild/protobuf';
import { EmptySchema, FileDescriptorProtoSchema, file_google_protobuf_empty, type Empty } from '@bufbuild/protobuf/wkt';
import type { CatalogMethod } from '../../../shared/catalog';

/**
 * The connect-es transports (de)serialize with protobuf-es against the method's input and
 * output descriptors, with no hook for raw bytes. Our codec already owns JSON <-> binary, so the
 * transports are given a method whose input and output are google.protobuf.Empty: a message with
 * no fields keeps every field it reads as an unknown field ($unknown, raw bytes with their tags)
 * and writes them back unchanged. So the bytes our codec encoded are the bytes on the wire, and the
 * bytes received are handed back to the codec as they came (exact sizes, our JSON rendering).
 * Bytes that are not protobuf wire format at all fail in the transport (INTERNAL, "parse binary").
 */
export function rawBytesMethod(method: CatalogMethod): DescMethod {
  const [serviceFullName = '', methodName = ''] = method.path.replace(/^\//, '').split('/');
  const dot = serviceFullName.lastIndexOf('.');
  const pkg = dot < 0 ? '' : serviceFullName.slice(0, dot);
  const serviceName = dot < 0 ? serviceFullName : serviceFullName.slice(dot + 1);
  const file = create(FileDescriptorProtoSchema, {
    name: `grpc-workbench/raw/${serviceFullName}.proto`,
    package: pkg,
    dependency: ['google/protobuf/empty.proto'],
    syntax: 'proto3',
    service: [
      {
        name: serviceName,
        method: [
          {
            name: methodName,
            inputType: '.google.protobuf.Empty',
            outputType: '.google.protobuf.Empty',
            clientStreaming: method.kind === 'client_streaming' || method.kind === 'bidi_streaming',
            serverStreaming: method.kind === 'server_streaming' || method.kind === 'bidi_streaming',
          },
        ],
      },
    ],
  });
  const registry = createFileRegistry(file, (name) => (name === 'google/protobuf/empty.proto' ? file_google_protobuf_empty : undefined));
  const found = registry.getService(serviceFullName)?.methods[0];
  if (found === undefined) throw new Error(`could not describe ${method.path} for the transport`);
  return found;
}

/** Bytes our codec encoded, as the message the transport serializes back to exactly these bytes. */
export function bytesAsMessage(bytes: Uint8Array): Empty {
  return fromBinary(EmptySchema, bytes);
}

/** A message the transport parsed, as the bytes it was parsed from. */
export function messageBytes(message: Empty): Uint8Array {
  return toBinary(EmptySchema, message);
}
