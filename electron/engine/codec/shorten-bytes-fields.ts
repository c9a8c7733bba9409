import { ScalarType, type DescField, type DescMessage, type Message } from '@bufbuild/protobuf';

/** Characters of padded standard base64 (what proto3 JSON writes for bytes) for `n` bytes. */
export function base64Chars(n: number): number {
  return 4 * Math.ceil(n / 3);
}

/**
 * The bytes a shortened bytes field keeps so that its base64 alone fills `previewChars`: a
 * multiple of 3, so its base64 has no padding and is exactly the first characters of the full
 * field's base64. Hence the first `previewChars` characters of the shortened message's JSON are
 * the first `previewChars` characters of the full message's JSON.
 */
export function previewBytesKept(previewChars: number): number {
  return 3 * Math.ceil(Math.max(1, previewChars) / 4);
}

/** Types whose fields can hold bytes at some depth (Any excluded: its bytes are a packed message). */
const holdsBytesCache = new WeakMap<DescMessage, boolean>();

function holdsBytes(desc: DescMessage, visiting: Set<DescMessage> = new Set()): boolean {
  const known = holdsBytesCache.get(desc);
  if (known !== undefined) return known;
  if (desc.typeName === 'google.protobuf.Any' || visiting.has(desc)) return false;
  visiting.add(desc);
  let holds = false;
  for (const field of desc.fields) {
    if (isBytesField(field)) holds = true;
    else if (field.message !== undefined && holdsBytes(field.message, visiting)) holds = true;
    if (holds) break;
  }
  visiting.delete(desc);
  // A type seen again while it is being visited (recursion) answers false for that inner visit
  // only; the outer visit settles it, and only settled answers are cached.
  if (visiting.size === 0 || holds) holdsBytesCache.set(desc, holds);
  return holds;
}

function isBytesField(field: DescField): boolean {
  return (
    (field.fieldKind === 'scalar' && field.scalar === ScalarType.BYTES) ||
    (field.fieldKind === 'list' && field.listKind === 'scalar' && field.scalar === ScalarType.BYTES) ||
    (field.fieldKind === 'map' && field.mapKind === 'scalar' && field.scalar === ScalarType.BYTES)
  );
}

/**
 * Cuts every bytes value longer than `keep` bytes (scalar, repeated, map values, unboxed
 * BytesValue wrappers, at any depth except inside a google.protobuf.Any) to its first `keep`
 * bytes, in place, and answers how many characters of base64 the message's JSON loses by it:
 * the full JSON is exactly that much longer (base64 never needs JSON escaping). The values
 * become views of the same bytes (subarray), so nothing is copied. `message` must be freshly
 * decoded and not used for anything but a preview afterwards.
 */
export function shortenBytesFields(desc: DescMessage, message: Message, keep: number): number {
  if (!holdsBytes(desc)) return 0;
  const record = message as unknown as Record<string, unknown>;
  let elided = 0;
  const cut = (bytes: Uint8Array): Uint8Array => {
    if (bytes.length <= keep) return bytes;
    elided += base64Chars(bytes.length) - base64Chars(keep);
    return bytes.subarray(0, keep);
  };
  const visit = (field: DescField, value: unknown): unknown => {
    if (value instanceof Uint8Array) return cut(value); // a bytes scalar, or an unboxed BytesValue
    if (field.fieldKind === 'list') {
      const list = value as unknown[];
      for (let i = 0; i < list.length; i++) list[i] = visitItem(field, list[i]);
      return list;
    }
    if (field.fieldKind === 'map') {
      const map = value as Record<string, unknown>;
      for (const key of Object.keys(map)) map[key] = visitItem(field, map[key]);
      return map;
    }
    if (field.fieldKind === 'message') elided += shortenBytesFields(field.message, value as Message, keep);
    return value;
  };
  const visitItem = (field: DescField, item: unknown): unknown => {
    if (item instanceof Uint8Array) return cut(item);
    if (field.message !== undefined && item !== null && typeof item === 'object') elided += shortenBytesFields(field.message, item as Message, keep);
    return item;
  };
  for (const field of desc.fields) {
    if (!isBytesField(field) && (field.message === undefined || !holdsBytes(field.message))) continue;
    if (field.oneof) {
      const chosen = record[field.oneof.localName] as { case?: string; value?: unknown } | undefined;
      if (chosen?.case === field.localName && chosen.value !== undefined) chosen.value = visit(field, chosen.value);
      continue;
    }
    const value = record[field.localName];
    if (value !== undefined && value !== null) record[field.localName] = visit(field, value);
  }
  return elided;
}
