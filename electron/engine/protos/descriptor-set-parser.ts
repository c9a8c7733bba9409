import { create, fromBinary } from '@bufbuild/protobuf';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { FileDescriptorProtoSchema, FileDescriptorSetSchema, SourceCodeInfoSchema, type FileDescriptorProto, type FileDescriptorSet } from '@bufbuild/protobuf/wkt';

/** FileDescriptorSet.file and FileDescriptorProto.source_code_info (descriptor.proto). */
const SET_FILE = 1;
const FILE_SOURCE_CODE_INFO = 9;

/**
 * FileDescriptorSet bytes -> FileDescriptorSet, the same as fromBinary, except that each file's
 * source_code_info (comments and spans: about 70% of a set protoc wrote with
 * --include_source_info) is decoded only when something reads it. Only comments of the files a
 * catalog or an editor schema looks at are ever needed, so most are never decoded.
 *
 * `file.sourceCodeInfo` stays an ordinary-looking property: reading it decodes once and
 * replaces the accessor with the value, assigning it replaces it too. Anything unexpected
 * (a field FileDescriptorSet does not have, malformed wire data) falls back to plain
 * fromBinary, so the result never differs. Throws like fromBinary on invalid bytes.
 */
export function parseDescriptorSetBytes(bytes: Uint8Array): FileDescriptorSet {
  const split = splitFiles(bytes);
  if (split === null) return fromBinary(FileDescriptorSetSchema, bytes);
  try {
    return create(FileDescriptorSetSchema, { file: split.map(parseFileDeferringSourceInfo) });
  } catch {
    // Malformed somewhere: fromBinary says so in its own words (or, if it can read it, reads it).
    return fromBinary(FileDescriptorSetSchema, bytes);
  }
}

/** The bytes of each `file` entry, or null when the set holds anything else (left to fromBinary). */
/** The SourceCodeInfo bytes of each file whose source info has not been read yet. */
const undecoded = new WeakMap<FileDescriptorProto, Uint8Array>();

/**
 * A file's source_code_info as wire bytes while it is still undecoded (see
 * parseDescriptorSetBytes), so a reader that needs a few locations can pick them out without
 * decoding them all; undefined once decoded or replaced, or for files parsed otherwise.
 */
export function undecodedSourceInfo(file: FileDescriptorProto): Uint8Array | undefined {
  return undecoded.get(file);
}

function splitFiles(bytes: Uint8Array): Uint8Array[] | null {
  const files: Uint8Array[] = [];
  try {
    const reader = new BinaryReader(bytes);
    while (reader.pos < reader.len) {
      const [no, wireType] = reader.tag();
      if (no !== SET_FILE || wireType !== WireType.LengthDelimited) return null;
      files.push(reader.bytes());
    }
  } catch {
    return null;
  }
  return files;
}

function parseFileDeferringSourceInfo(bytes: Uint8Array): FileDescriptorProto {
  const kept: Uint8Array[] = [];
  const sourceInfo: Uint8Array[] = [];
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const start = reader.pos;
    const [no, wireType] = reader.tag();
    if (no === FILE_SOURCE_CODE_INFO && wireType === WireType.LengthDelimited) {
      sourceInfo.push(reader.bytes());
      continue;
    }
    reader.skip(wireType, no);
    kept.push(bytes.subarray(start, reader.pos));
  }
  if (sourceInfo.length === 0) return fromBinary(FileDescriptorProtoSchema, bytes);
  const file = fromBinary(FileDescriptorProtoSchema, concat(kept));
  // A message field that occurs more than once is merged, which is what parsing the
  // concatenation of its payloads does.
  const payload = concat(sourceInfo);
  undecoded.set(file, payload);
  const settle = (value: FileDescriptorProto['sourceCodeInfo']) => {
    undecoded.delete(file);
    Object.defineProperty(file, 'sourceCodeInfo', { value, writable: true, enumerable: true, configurable: true });
    return value;
  };
  Object.defineProperty(file, 'sourceCodeInfo', {
    enumerable: true,
    configurable: true,
    get: () => settle(fromBinary(SourceCodeInfoSchema, payload)),
    set: settle,
  });
  return file;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
