import { ScalarType, type DescField, type DescMessage, type JsonValue, type Registry } from '@bufbuild/protobuf';
import { parseTree, type Node } from 'jsonc-parser';

/**
 * JSON.parse turns 9007199254740993 into 9007199254740992: a 64-bit integer written as a bare
 * number silently changes. When the request text has integer literals beyond 2^53, re-read it
 * keeping their exact digits, and hand the digits (as a string, which canonical JSON accepts) to
 * 64-bit integer fields; everywhere else the literal stays a JSON number as JSON.parse made it.
 */
export function withExactIntegers(text: string, parsed: JsonValue, desc: DescMessage, registry: Registry): JsonValue {
  if (!/\d{16,}/.test(text)) return parsed;
  const tree = parseTree(text, [], { disallowComments: true, allowTrailingComma: false });
  if (!tree) return parsed;
  return messageValue(tree, text, desc, registry);
}

const INT64_SCALARS = new Set([ScalarType.INT64, ScalarType.UINT64, ScalarType.SINT64, ScalarType.FIXED64, ScalarType.SFIXED64]);

/** A node as JSON.parse would read it. */
function plain(node: Node, text: string): JsonValue {
  switch (node.type) {
    case 'object': {
      const out: { [key: string]: JsonValue } = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key && value) setOwn(out, String(key.value), plain(value, text));
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map((child) => plain(child, text));
    default:
      return node.value as JsonValue;
  }
}

/** The exact digits of an unsafe integer literal, else the plain value. */
function int64Value(node: Node, text: string): JsonValue {
  if (node.type === 'number' && !Number.isSafeInteger(node.value)) {
    const raw = text.slice(node.offset, node.offset + node.length);
    if (/^-?\d+$/.test(raw)) return raw;
  }
  return plain(node, text);
}

function messageValue(node: Node, text: string, desc: DescMessage, registry: Registry): JsonValue {
  if (desc.typeName === 'google.protobuf.Int64Value' || desc.typeName === 'google.protobuf.UInt64Value') return int64Value(node, text);
  if (desc.typeName === 'google.protobuf.Any' && node.type === 'object') return anyValue(node, text, registry);
  if (node.type !== 'object' || desc.typeName.startsWith('google.protobuf.')) return plain(node, text);
  const out: { [key: string]: JsonValue } = {};
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (!key || !value) continue;
    const name = String(key.value);
    const field = desc.fields.find((f) => f.jsonName === name || f.name === name);
    setOwn(out, name, field ? fieldValue(field, value, text, registry) : plain(value, text));
  }
  return out;
}

function fieldValue(field: DescField, node: Node, text: string, registry: Registry): JsonValue {
  switch (field.fieldKind) {
    case 'scalar':
      return INT64_SCALARS.has(field.scalar) ? int64Value(node, text) : plain(node, text);
    case 'message':
      return messageValue(node, text, field.message, registry);
    case 'list':
      if (node.type !== 'array') return plain(node, text);
      return (node.children ?? []).map((item) =>
        field.listKind === 'scalar' && INT64_SCALARS.has(field.scalar)
          ? int64Value(item, text)
          : field.listKind === 'message'
            ? messageValue(item, text, field.message, registry)
            : plain(item, text),
      );
    case 'map': {
      if (node.type !== 'object') return plain(node, text);
      const out: { [key: string]: JsonValue } = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (!key || !value) continue;
        setOwn(
          out,
          String(key.value),
          field.mapKind === 'scalar' && INT64_SCALARS.has(field.scalar)
            ? int64Value(value, text)
            : field.mapKind === 'message'
              ? messageValue(value, text, field.message, registry)
              : plain(value, text),
        );
      }
      return out;
    }
    default:
      return plain(node, text);
  }
}

/** An Any's other keys are the fields of the type "@type" names. */
function anyValue(node: Node, text: string, registry: Registry): JsonValue {
  const typeProperty = (node.children ?? []).find((p) => p.children?.[0]?.value === '@type');
  const typeUrl = typeProperty?.children?.[1]?.value;
  const packed = typeof typeUrl === 'string' ? registry.getMessage(typeUrl.slice(typeUrl.lastIndexOf('/') + 1)) : undefined;
  if (!packed) return plain(node, text);
  const out: { [key: string]: JsonValue } = {};
  const fields = messageValue({ ...node, children: (node.children ?? []).filter((p) => p !== typeProperty) }, text, packed, registry);
  out['@type'] = typeUrl as string;
  if (typeof fields === 'object' && fields !== null && !Array.isArray(fields)) for (const [key, value] of Object.entries(fields)) setOwn(out, key, value);
  return out;
}

/**
 * out[key] = value, also for the key "__proto__": a plain assignment would set the object's
 * prototype instead, so a map key "__proto__" (JSON.parse keeps it as a key) silently vanished.
 */
function setOwn(out: { [key: string]: JsonValue }, key: string, value: JsonValue): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}
