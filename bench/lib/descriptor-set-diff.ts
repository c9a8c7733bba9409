// Compares two FileDescriptorSets file by file, to tell whether another compiler's output is
// exactly protoc's: the file list and its order, each FileDescriptorProto without source info
// (what the registry and every call use), its source info as a whole, and the part of the
// source info the app reads (the first location of a path: its comments, see
// electron/engine/protos/source-comments.ts).
import { clone, equals, toJson, type JsonValue } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, type FileDescriptorProto, type FileDescriptorSet, type SourceCodeInfo_Location } from '@bufbuild/protobuf/wkt';

export interface SetDiff {
  files: number;
  sameFileOrder: boolean;
  onlyInFirst: string[];
  onlyInSecond: string[];
  /** Files whose FileDescriptorProto is equal including source info. */
  identical: number;
  /** Files equal once source info is removed from both. */
  identicalWithoutSourceInfo: number;
  /** Files whose locations are the same multiset, in another order. */
  sourceInfoReordered: number;
  /** Files where the comments of the first location of every path agree (what the app shows). */
  sameComments: number;
  /** Up to a few examples of each kind of difference, as "file: path: first vs second". */
  examples: { descriptor: string[]; sourceInfo: string[]; comments: string[] };
}

const EXAMPLES = 4;

function withoutSourceInfo(file: FileDescriptorProto): FileDescriptorProto {
  const copy = clone(FileDescriptorProtoSchema, file);
  copy.sourceCodeInfo = undefined;
  return copy;
}

/** The first place two JSON values differ, as "path: a vs b". */
function firstDifference(a: JsonValue | undefined, b: JsonValue | undefined, path: string): string | null {
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const found = firstDifference((a as Record<string, JsonValue>)[key], (b as Record<string, JsonValue>)[key], `${path}.${key}`);
      if (found) return found;
    }
  }
  return `${path}: ${JSON.stringify(a)?.slice(0, 160) ?? 'absent'} vs ${JSON.stringify(b)?.slice(0, 160) ?? 'absent'}`;
}

function locationKey(location: SourceCodeInfo_Location): string {
  return JSON.stringify([location.path, location.span, location.leadingComments ?? null, location.trailingComments ?? null, location.leadingDetachedComments]);
}

function sortedLocationKeys(file: FileDescriptorProto): string[] {
  return (file.sourceCodeInfo?.location ?? []).map(locationKey).sort();
}

function commentsOf(location: SourceCodeInfo_Location): string {
  return JSON.stringify([location.leadingComments ?? '', location.trailingComments ?? '', location.leadingDetachedComments]);
}

const NO_COMMENT = JSON.stringify(['', '', []]);

/** path -> comments of its first location (the lookup source-comments.ts makes), for paths that have a comment. */
function commentsByPath(file: FileDescriptorProto): Map<string, string> {
  const byPath = new Map<string, string>();
  for (const location of file.sourceCodeInfo?.location ?? []) {
    const key = location.path.join(',');
    if (!byPath.has(key)) byPath.set(key, commentsOf(location));
  }
  // A path without a comment reads "" whether or not it has a location.
  for (const [key, comments] of byPath) if (comments === NO_COMMENT) byPath.delete(key);
  return byPath;
}

function commentDifference(a: FileDescriptorProto, b: FileDescriptorProto): string | null {
  const first = commentsByPath(a);
  const second = commentsByPath(b);
  for (const [path, comments] of first) {
    const other = second.get(path);
    if (other !== comments) return `path ${path}: ${comments} vs ${other ?? 'no comment'}`;
  }
  for (const [path, comments] of second) if (!first.has(path)) return `path ${path}: no comment vs ${comments}`;
  return null;
}

export function diffDescriptorSets(first: FileDescriptorSet, second: FileDescriptorSet): SetDiff {
  const secondByName = new Map(second.file.map((f) => [f.name, f]));
  const firstNames = new Set(first.file.map((f) => f.name));
  const diff: SetDiff = {
    files: first.file.length,
    sameFileOrder: first.file.map((f) => f.name).join('\n') === second.file.map((f) => f.name).join('\n'),
    onlyInFirst: first.file.filter((f) => !secondByName.has(f.name)).map((f) => f.name),
    onlyInSecond: second.file.filter((f) => !firstNames.has(f.name)).map((f) => f.name),
    identical: 0,
    identicalWithoutSourceInfo: 0,
    sourceInfoReordered: 0,
    sameComments: 0,
    examples: { descriptor: [], sourceInfo: [], comments: [] },
  };
  const note = (list: string[], text: string) => {
    if (list.length < EXAMPLES) list.push(text);
  };
  for (const a of first.file) {
    const b = secondByName.get(a.name);
    if (!b) continue;
    if (equals(FileDescriptorProtoSchema, a, b)) {
      diff.identical++;
      diff.identicalWithoutSourceInfo++;
      diff.sameComments++;
      continue;
    }
    const bare = [withoutSourceInfo(a), withoutSourceInfo(b)] as const;
    if (equals(FileDescriptorProtoSchema, ...bare)) diff.identicalWithoutSourceInfo++;
    else note(diff.examples.descriptor, `${a.name}: ${firstDifference(toJson(FileDescriptorProtoSchema, bare[0]), toJson(FileDescriptorProtoSchema, bare[1]), '') ?? '?'}`);
    const keysA = sortedLocationKeys(a);
    const keysB = sortedLocationKeys(b);
    if (keysA.join('\n') === keysB.join('\n')) diff.sourceInfoReordered++;
    else {
      const inA = new Set(keysA);
      const inB = new Set(keysB);
      const missing = keysA.filter((k) => !inB.has(k)).length;
      const extra = keysB.filter((k) => !inA.has(k));
      note(diff.examples.sourceInfo, `${a.name}: ${keysA.length} vs ${keysB.length} locations, ${missing} only in the first, ${extra.length} only in the second (e.g. ${extra[0] ?? '-'})`);
    }
    const comments = commentDifference(a, b);
    if (comments === null) diff.sameComments++;
    else note(diff.examples.comments, `${a.name}: ${comments}`);
  }
  return diff;
}
