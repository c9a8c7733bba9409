import { create, createRegistry, fromBinary, toBinary, toJson, type DescField, type DescMessage, type JsonValue, type JsonWriteOptions, type Message, type Registry } from '@bufbuild/protobuf';
import { BytesValueSchema, isWrapperDesc, type Any } from '@bufbuild/protobuf/wkt';
import type { UnknownField } from '../../../shared/call-events';
import { createLayeredRegistry } from './layered-registry';
import { prepareMessageCodecs } from './stack-safe-codecs';
import { describeUnknownField, type RawUnknownField } from './unknown-field-value';

/** A decoded message as the user sees it: JSON, plus what the JSON cannot carry. */
export interface InspectedMessage {
  json: JsonValue;
  /** Fields no descriptor defines, each with the JSON path of the message holding it. */
  unknownFields: UnknownField[];
  /** One sentence per part shown undecoded (an Any of an unknown type, or with bad bytes). */
  notes: string[];
  /** Message type names of Anys no registry knows: what server reflection could be asked for. */
  unresolvedTypeNames: string[];
}

/** How deep Anys inside Anys are unpacked; each unpacking is its own fromBinary, with its own limit. */
const MAX_ANY_DEPTH = 32;
/** An unresolved Any is swapped for an Any of a BytesValue under this type URL prefix; nothing real uses it. */
const MARKER_PREFIX = 'workbench.invalid/undecoded-any-';
const markerRegistry = createRegistry(BytesValueSchema);

interface Walk {
  registry: Registry;
  subject: string;
  unknownFields: UnknownField[];
  notes: string[];
  unresolved: Set<string>;
  /** Original type URL of each marker, by marker number. */
  markers: string[];
}

/**
 * toJson, without failing the whole message on one Any: an Any whose type no registry knows
 * (or whose bytes are not that type) becomes {"@type": url, "value": "<base64>"} with a note,
 * and every other part decodes as usual. Collects the fields protobuf-es kept in `$unknown` on
 * the way, at any depth (inside unpacked Anys too). `message` is changed (Anys swapped): pass
 * a freshly decoded one. Throws what toJson throws for other reasons (e.g. a Timestamp out of range).
 */
export function inspectMessage(
  desc: DescMessage,
  message: Message,
  registry: Registry,
  options: Partial<JsonWriteOptions> = {},
  /** How notes name the message itself, e.g. "This detail". */
  subject = 'The message',
): InspectedMessage {
  const walk: Walk = { registry, subject, unknownFields: [], notes: [], unresolved: new Set(), markers: [] };
  visitMessage(walk, desc, message, '', null, 0);
  const jsonRegistry = walk.markers.length > 0 ? createLayeredRegistry(registry, markerRegistry) : registry;
  let json = toJson(desc, message, { ...options, registry: jsonRegistry });
  if (walk.markers.length > 0) json = restoreMarkers(json, walk.markers);
  return { json, unknownFields: walk.unknownFields, notes: walk.notes, unresolvedTypeNames: [...walk.unresolved] };
}

/** Where a message sits: its parent's path and its own step (a field's JSON name, a list index), joined only when needed. */
type Step = string | number | null;

function joinPath(parent: string, step: Step): string {
  if (step === null) return parent;
  if (typeof step === 'number') return `${parent}[${step}]`;
  return parent === '' ? step : `${parent}.${step}`;
}

/** Fields that can hold messages (wrappers hold unwrapped scalars), per type: most types of a big list have none. */
const messageFieldsCache = new WeakMap<DescMessage, DescField[]>();

function messageFields(desc: DescMessage): DescField[] {
  let fields = messageFieldsCache.get(desc);
  if (!fields) {
    fields = desc.fields.filter(
      (field) =>
        (field.fieldKind === 'message' || (field.fieldKind === 'list' && field.listKind === 'message') || (field.fieldKind === 'map' && field.mapKind === 'message')) &&
        !isWrapperDesc(field.message),
    );
    messageFieldsCache.set(desc, fields);
  }
  return fields;
}

/** Returns true when it swapped an Any somewhere below (an enclosing Any must then be packed again). */
function visitMessage(walk: Walk, desc: DescMessage, message: Message, parent: string, step: Step, anyDepth: number): boolean {
  const unknown = (message as { $unknown?: RawUnknownField[] }).$unknown;
  const fields = messageFields(desc);
  const isAny = desc.typeName === 'google.protobuf.Any';
  // A path string per message of a 100,000-item list doubled the cost of a response: only build one to use it.
  if (!unknown && !isAny && fields.length === 0) return false;
  const path = joinPath(parent, step);
  if (unknown) {
    for (const field of unknown) {
      // protobuf-es keeps extensions in $unknown too; toJson writes the ones the registry knows ("[pkg.ext]").
      if (walk.registry.getExtensionFor(desc, field.no)) continue;
      walk.unknownFields.push(describeUnknownField(path, field));
    }
  }
  if (isAny) return visitAny(walk, message as Any, path, anyDepth);
  let changed = false;
  for (const field of fields) {
    const value = fieldValue(message, field);
    if (value === undefined) continue;
    if (field.fieldKind === 'message') {
      changed = visitMessage(walk, field.message, value as Message, path, field.jsonName, anyDepth) || changed;
    } else if (field.fieldKind === 'list' && field.listKind === 'message') {
      const here = joinPath(path, field.jsonName);
      (value as Message[]).forEach((item, i) => {
        changed = visitMessage(walk, field.message, item, here, i, anyDepth) || changed;
      });
    } else if (field.fieldKind === 'map' && field.mapKind === 'message') {
      const here = joinPath(path, field.jsonName);
      for (const [key, item] of Object.entries(value as Record<string, Message>)) {
        changed = visitMessage(walk, field.message, item, `${here}[${JSON.stringify(key)}]`, null, anyDepth) || changed;
      }
    }
  }
  return changed;
}

function fieldValue(message: Message, field: DescField): unknown {
  const record = message as unknown as Record<string, unknown>;
  if (field.oneof) {
    const chosen = record[field.oneof.localName] as { case?: string; value?: unknown } | undefined;
    return chosen?.case === field.localName ? chosen.value : undefined;
  }
  return record[field.localName];
}

function visitAny(walk: Walk, any: Any, path: string, anyDepth: number): boolean {
  if (any.typeUrl === '') return false;
  const typeName = any.typeUrl.slice(any.typeUrl.lastIndexOf('/') + 1);
  const where = path === '' ? walk.subject : `"${path}"`;
  const desc = walk.registry.getMessage(typeName);
  if (!desc) {
    walk.unresolved.add(typeName);
    walk.notes.push(
      `${where} is a google.protobuf.Any of type "${any.typeUrl}", which no loaded proto defines: shown as its ${any.value.length} bytes in base64. ` +
        `Import the .proto that defines ${typeName} to see it decoded.`,
    );
    swapForMarker(walk, any);
    return true;
  }
  if (anyDepth >= MAX_ANY_DEPTH) return false;
  const tooLong = prepareMessageCodecs([desc]);
  if (tooLong !== null) {
    walk.notes.push(`${where} is a google.protobuf.Any of type ${typeName}, shown in base64: ${tooLong}`);
    swapForMarker(walk, any);
    return true;
  }
  let inner: Message;
  try {
    inner = fromBinary(desc, any.value);
  } catch (error) {
    walk.notes.push(`${where} is a google.protobuf.Any of type ${typeName}, but its ${any.value.length} bytes are not a valid ${typeName} (${(error as Error).message}): shown in base64.`);
    swapForMarker(walk, any);
    return true;
  }
  if (!visitMessage(walk, desc, inner, path, null, anyDepth + 1)) return false;
  any.value = toBinary(desc, inner);
  return true;
}

function swapForMarker(walk: Walk, any: Any): void {
  walk.markers.push(any.typeUrl);
  const bytes = any.value;
  any.typeUrl = `${MARKER_PREFIX}${walk.markers.length - 1}/google.protobuf.BytesValue`;
  any.value = toBinary(BytesValueSchema, create(BytesValueSchema, { value: bytes }));
}

/** Put each marker's original type URL back, as {"@type": url, "value": "<base64>"}. */
function restoreMarkers(json: JsonValue, markers: string[]): JsonValue {
  if (Array.isArray(json)) return json.map((item) => restoreMarkers(item, markers));
  if (json === null || typeof json !== 'object') return json;
  const type = json['@type'];
  if (typeof type === 'string' && type.startsWith(MARKER_PREFIX)) {
    const index = Number(type.slice(MARKER_PREFIX.length, type.indexOf('/', MARKER_PREFIX.length)));
    return { '@type': markers[index] ?? type, value: json['value'] ?? '' };
  }
  const out: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(json)) out[key] = restoreMarkers(value as JsonValue, markers);
  return out;
}
