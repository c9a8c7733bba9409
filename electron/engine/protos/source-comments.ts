import type { DescEnum, DescEnumValue, DescField, DescFile, DescMessage, DescMethod, DescService } from '@bufbuild/protobuf';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import type { SourceCodeInfo_Location } from '@bufbuild/protobuf/wkt';
import { undecodedSourceInfo } from './descriptor-set-parser';

// Field numbers of FileDescriptorProto / DescriptorProto / ... that make up source-info paths
// (see SourceCodeInfo.Location.path in descriptor.proto).
const FILE_MESSAGE = 4;
const FILE_ENUM = 5;
const FILE_SERVICE = 6;
const MESSAGE_FIELD = 2;
const MESSAGE_NESTED = 3;
const MESSAGE_ENUM = 4;
const ENUM_VALUE = 2;
const SERVICE_METHOD = 2;

type Commented = DescMessage | DescField | DescEnum | DescEnumValue | DescService | DescMethod;

// Field numbers of SourceCodeInfo and SourceCodeInfo.Location.
const INFO_LOCATION = 1;
const LOCATION_PATH = 1;
const LOCATION_LEADING = 3;

const locationsByFile = new WeakMap<DescFile, Map<string, SourceCodeInfo_Location>>();
const serviceCommentsByFile = new WeakMap<DescFile, Map<string, string>>();

/**
 * The comment protoc kept for a declaration (descriptors compiled with --include_source_info,
 * or reflection servers that serve it): the leading comment, else the trailing one; "" when
 * there is none. Common indentation is removed so it reads like the source.
 */
export function commentOf(desc: Commented): string {
  const file = fileOf(desc);
  const path = sourcePath(desc);
  if (!path) return '';
  const key = path.join(',');
  // The catalog asks for every service's and method's comment at import; while the file's
  // source info is still undecoded, those few are picked off its bytes instead.
  if (path[0] === FILE_SERVICE && !locationsByFile.has(file)) {
    const comments = serviceComments(file);
    if (comments) return tidy(comments.get(key) ?? '');
  }
  const location = locations(file).get(key);
  const text = location?.leadingComments ?? location?.trailingComments ?? '';
  return tidy(text);
}

/**
 * The leading comment of each service and method location (paths that start with
 * FILE_SERVICE) of a file whose source info is undecoded, keyed like `locations`, first
 * location of a path winning as there (an absent comment reads as "", as protobuf-es reads
 * it); null when the source info was decoded already or its bytes cannot be read.
 */
function serviceComments(file: DescFile): Map<string, string> | null {
  const known = serviceCommentsByFile.get(file);
  if (known) return known;
  const bytes = undecodedSourceInfo(file.proto);
  if (!bytes) return null;
  const map = new Map<string, string>();
  try {
    const info = new BinaryReader(bytes);
    while (info.pos < info.len) {
      const [no, wireType] = info.tag();
      if (no !== INFO_LOCATION || wireType !== WireType.LengthDelimited) {
        info.skip(wireType, no);
        continue;
      }
      const location = readPathAndLeading(info.bytes());
      if (location.path[0] !== FILE_SERVICE) continue;
      const key = location.path.join(',');
      if (!map.has(key)) map.set(key, location.leading);
    }
  } catch {
    return null;
  }
  serviceCommentsByFile.set(file, map);
  return map;
}

function readPathAndLeading(bytes: Uint8Array): { path: number[]; leading: string } {
  const reader = new BinaryReader(bytes);
  const path: number[] = [];
  let leading = '';
  while (reader.pos < reader.len) {
    const [no, wireType] = reader.tag();
    if (no === LOCATION_PATH && wireType === WireType.LengthDelimited) {
      const end = reader.uint32() + reader.pos;
      while (reader.pos < end) path.push(reader.int32());
    } else if (no === LOCATION_PATH && wireType === WireType.Varint) {
      path.push(reader.int32());
    } else if (no === LOCATION_LEADING && wireType === WireType.LengthDelimited) {
      leading = reader.string();
    } else {
      reader.skip(wireType, no);
    }
  }
  return { path, leading };
}

function fileOf(desc: Commented): DescFile {
  switch (desc.kind) {
    case 'message':
    case 'enum':
    case 'service':
      return desc.file;
    case 'field':
      return desc.parent.file;
    case 'enum_value':
      return desc.parent.file;
    case 'rpc':
      return desc.parent.file;
  }
}

function locations(file: DescFile): Map<string, SourceCodeInfo_Location> {
  let map = locationsByFile.get(file);
  if (!map) {
    map = new Map();
    for (const location of file.proto.sourceCodeInfo?.location ?? []) {
      const key = location.path.join(',');
      if (!map.has(key)) map.set(key, location);
    }
    locationsByFile.set(file, map);
  }
  return map;
}

function sourcePath(desc: Commented): number[] | null {
  switch (desc.kind) {
    case 'message':
      return messagePath(desc);
    case 'field': {
      const parent = messagePath(desc.parent);
      const index = desc.parent.proto.field.indexOf(desc.proto);
      return parent && index >= 0 ? [...parent, MESSAGE_FIELD, index] : null;
    }
    case 'enum':
      return enumPath(desc);
    case 'enum_value': {
      const parent = enumPath(desc.parent);
      const index = desc.parent.proto.value.indexOf(desc.proto);
      return parent && index >= 0 ? [...parent, ENUM_VALUE, index] : null;
    }
    case 'service': {
      const index = desc.file.proto.service.indexOf(desc.proto);
      return index >= 0 ? [FILE_SERVICE, index] : null;
    }
    case 'rpc': {
      const service = desc.parent.file.proto.service.indexOf(desc.parent.proto);
      const index = desc.parent.proto.method.indexOf(desc.proto);
      return service >= 0 && index >= 0 ? [FILE_SERVICE, service, SERVICE_METHOD, index] : null;
    }
  }
}

function messagePath(message: DescMessage): number[] | null {
  if (!message.parent) {
    const index = message.file.proto.messageType.indexOf(message.proto);
    return index >= 0 ? [FILE_MESSAGE, index] : null;
  }
  const parent = messagePath(message.parent);
  const index = message.parent.proto.nestedType.indexOf(message.proto);
  return parent && index >= 0 ? [...parent, MESSAGE_NESTED, index] : null;
}

function enumPath(desc: DescEnum): number[] | null {
  if (!desc.parent) {
    const index = desc.file.proto.enumType.indexOf(desc.proto);
    return index >= 0 ? [FILE_ENUM, index] : null;
  }
  const parent = messagePath(desc.parent);
  const index = desc.parent.proto.enumType.indexOf(desc.proto);
  return parent && index >= 0 ? [...parent, MESSAGE_ENUM, index] : null;
}

function tidy(comment: string): string {
  const lines = comment.replace(/\r\n/g, '\n').split('\n');
  while (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop();
  while (lines.length > 0 && lines[0]?.trim() === '') lines.shift();
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(common).trimEnd()).join('\n');
}
