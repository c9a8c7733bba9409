import { fromJson, type DescField, type DescMessage, type JsonValue, type Registry } from '@bufbuild/protobuf';
import { FeatureSet_FieldPresence, hasCustomJsonRepresentation } from '@bufbuild/protobuf/wkt';

/** Where in the request JSON a problem is ("nested.child.label", "tags[1]", "counts[\"a\"]") and what it is. */
export interface JsonProblem {
  path: string;
  message: string;
}

type JsonObject = { [key: string]: JsonValue };

/**
 * protobuf-es says which field failed ("cannot decode field demo.v1.X.y from JSON: ...") but not
 * where that field sits in the request. To find the path, re-run fromJson on ever smaller
 * parts of the request, following the descriptor, until the smallest failing part is found; so
 * the verdict is always protobuf-es' own, and this only adds the "where".
 */
export function locateJsonProblem(desc: DescMessage, json: JsonValue, registry: Registry, rawMessage: string): JsonProblem {
  return locateInMessage(desc, json, '', registry) ?? { path: '', message: friendlyMessage(rawMessage, desc) };
}

function locateInMessage(desc: DescMessage, json: JsonValue, path: string, registry: Registry): JsonProblem | null {
  const whole = tryFromJson(desc, json, registry);
  if (whole === null) return null;
  if (desc.typeName === 'google.protobuf.Any') return locateInAny(json, path, registry) ?? { path, message: friendlyMessage(whole, desc) };
  if (isSpecialJson(desc)) {
    const hint = SPECIAL_HINTS[desc.typeName];
    return { path, message: hint ? `${hint}, got ${JSON.stringify(json)}` : friendlyMessage(whole, desc) };
  }
  if (!isObject(json)) return { path, message: `expected a JSON object for ${desc.typeName}, got ${JSON.stringify(json)}` };

  for (const [key, value] of Object.entries(json)) {
    // "[pkg.extension]" keys are extensions, which fromJson resolves through the registry.
    if (key.startsWith('[')) continue;
    const field = desc.fields.find((f) => f.jsonName === key || f.name === key);
    const at = join(path, key);
    if (!field) return { path: at, message: unknownFieldMessage(desc, key) };
    const alone = tryFromJson(desc, { [key]: value }, registry);
    if (alone === null) continue;
    return locateInField(field, value, at, registry) ?? { path: at, message: friendlyMessage(alone, desc) };
  }
  // Every field parses on its own, so the problem is between them.
  return conflictBetweenFields(desc, json, path) ?? { path, message: friendlyMessage(whole, desc) };
}

/** A oneof with two members set, or one field given by both its JSON name and its proto name. */
function conflictBetweenFields(desc: DescMessage, json: JsonObject, path: string): JsonProblem | null {
  const seenFields = new Map<DescField, string>();
  const seenOneofs = new Map<string, string>();
  for (const [key, value] of Object.entries(json)) {
    const field = desc.fields.find((f) => f.jsonName === key || f.name === key);
    if (!field) continue;
    const earlier = seenFields.get(field);
    if (earlier !== undefined) return { path: join(path, key), message: `"${key}" and "${earlier}" are the same field; set it once` };
    seenFields.set(field, key);
    if (!field.oneof || value === null) continue;
    const other = seenOneofs.get(field.oneof.name);
    if (other !== undefined) {
      return { path: join(path, key), message: `only one member of oneof "${field.oneof.name}" may be set, but "${other}" is set too` };
    }
    seenOneofs.set(field.oneof.name, key);
  }
  return null;
}

function locateInField(field: DescField, value: JsonValue, path: string, registry: Registry): JsonProblem | null {
  const parent = field.parent;
  switch (field.fieldKind) {
    case 'message':
      return value === null ? null : locateInMessage(field.message, value, path, registry);
    case 'list': {
      if (!Array.isArray(value)) return null;
      for (const [index, item] of value.entries()) {
        const itemPath = `${path}[${index}]`;
        const problem = tryFromJson(parent, { [field.jsonName]: [item] }, registry);
        if (problem === null) continue;
        const inner = field.listKind === 'message' && item !== null ? locateInMessage(field.message, item, itemPath, registry) : null;
        return inner ?? { path: itemPath, message: friendlyMessage(problem, parent) };
      }
      return null;
    }
    case 'map': {
      if (!isObject(value)) return null;
      for (const [key, item] of Object.entries(value)) {
        const itemPath = `${path}[${JSON.stringify(key)}]`;
        const problem = tryFromJson(parent, { [field.jsonName]: { [key]: item } }, registry);
        if (problem === null) continue;
        const inner = field.mapKind === 'message' && item !== null ? locateInMessage(field.message, item, itemPath, registry) : null;
        return inner ?? { path: itemPath, message: friendlyMessage(problem, parent) };
      }
      return null;
    }
    default:
      return null;
  }
}

/** An Any's fields belong to the message its "@type" names: look inside that message. */
function locateInAny(json: JsonValue, path: string, registry: Registry): JsonProblem | null {
  if (!isObject(json) || typeof json['@type'] !== 'string') return null;
  const typeName = json['@type'].slice(json['@type'].lastIndexOf('/') + 1);
  const packed = registry.getMessage(typeName);
  if (!packed) return null;
  const { '@type': _type, ...fields } = json;
  const inner: JsonValue = isSpecialJson(packed) ? (fields.value ?? null) : fields;
  return locateInMessage(packed, inner, isSpecialJson(packed) ? join(path, 'value') : path, registry);
}

/** The first proto2 required field the request leaves out, with its path. */
export function findMissingRequired(desc: DescMessage, json: JsonValue, registry: Registry, path = ''): JsonProblem | null {
  if (!isObject(json) || isSpecialJson(desc)) return null;
  for (const field of desc.fields) {
    const key = field.jsonName in json ? field.jsonName : field.name in json ? field.name : null;
    const value = key === null ? null : (json[key] ?? null);
    if (value === null) {
      if (field.presence === FeatureSet_FieldPresence.LEGACY_REQUIRED) {
        return { path: join(path, field.jsonName), message: `required field "${field.jsonName}" of ${desc.typeName} is missing` };
      }
      continue;
    }
    const at = join(path, key ?? field.jsonName);
    if (field.fieldKind === 'message') {
      const inner = findMissingRequired(field.message, value, registry, at);
      if (inner) return inner;
    } else if (field.fieldKind === 'list' && field.listKind === 'message' && Array.isArray(value)) {
      for (const [index, item] of value.entries()) {
        const inner = findMissingRequired(field.message, item, registry, `${at}[${index}]`);
        if (inner) return inner;
      }
    } else if (field.fieldKind === 'map' && field.mapKind === 'message' && isObject(value)) {
      for (const [mapKey, item] of Object.entries(value)) {
        const inner = findMissingRequired(field.message, item, registry, `${at}[${JSON.stringify(mapKey)}]`);
        if (inner) return inner;
      }
    }
  }
  return null;
}

function tryFromJson(desc: DescMessage, json: JsonValue, registry: Registry): string | null {
  try {
    fromJson(desc, json, { registry, ignoreUnknownFields: false });
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Turns protobuf-es' "cannot decode field demo.v1.X.y from JSON: expected string, got 5" into the part a user needs. */
export function friendlyMessage(raw: string, context?: DescMessage): string {
  const unknownKey = /key "(.+)" is unknown$/.exec(raw);
  if (unknownKey?.[1] !== undefined && context) return unknownFieldMessage(context, unknownKey[1]);
  const badEnum = /^cannot decode enum (\S+) from JSON: (.*)$/.exec(raw);
  if (badEnum) {
    const names = enumNames(badEnum[1] ?? '', context);
    return `${badEnum[2]} is not a value of enum ${badEnum[1]}${names ? `; use one of ${names} (or its number)` : ''}`;
  }
  const special = /^cannot decode message (google\.protobuf\.\w+) from JSON:? ?(.*)$/.exec(raw);
  if (special) {
    const hint = SPECIAL_HINTS[special[1] ?? ''];
    const detail = special[2] ?? '';
    if (detail.endsWith('is not in the type registry')) {
      return `the "@type" ${detail.replace(/ is not in the type registry$/, '')} is not a message type of this proto set`;
    }
    return hint ? `${hint} (got ${detail || 'something else'})` : detail;
  }
  return raw
    .replace(/^cannot decode (field|message|oneof) \S+ from JSON:? ?/, '')
    .replace(/^(list item #\d+|map entry .+?): /, '')
    .replace(/^invalid map key: (.*)$/, 'invalid map key: $1')
    .replace(/expected bigint \((\w+)\): (.*) out of range$/, (_, type: string, value: string) =>
      `expected ${type} (a whole number, as a string like "42" or a number), got ${JSON.stringify(value)}`);
}

const SPECIAL_HINTS: Record<string, string> = {
  'google.protobuf.Timestamp': 'expected an RFC 3339 timestamp string such as "2024-01-01T00:00:00Z"',
  'google.protobuf.Duration': 'expected a duration string such as "1.5s"',
  'google.protobuf.FieldMask': 'expected a comma-separated string of lowerCamelCase field paths such as "name,address.city"',
  'google.protobuf.Struct': 'expected a JSON object',
  'google.protobuf.ListValue': 'expected a JSON array',
  'google.protobuf.Any': 'expected an object with "@type"',
};

function unknownFieldMessage(desc: DescMessage, key: string): string {
  const suggestion = closestField(desc, key);
  return `${desc.typeName} has no field "${key}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`;
}

function closestField(desc: DescMessage, key: string): string | null {
  const normalized = (s: string) => s.toLowerCase().replace(/_/g, '');
  let best: { name: string; distance: number } | null = null;
  for (const field of desc.fields) {
    const distance = editDistance(normalized(key), normalized(field.jsonName));
    const allowed = key.length < 4 ? 1 : Math.max(2, Math.floor(key.length / 3));
    if (distance <= allowed && (!best || distance < best.distance)) best = { name: field.jsonName, distance };
  }
  return best?.name ?? null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function enumNames(typeName: string, context?: DescMessage): string | null {
  const desc = context?.fields.find((f) => f.enum?.typeName === typeName)?.enum;
  if (!desc) return null;
  const names = desc.values.map((v) => v.name);
  return names.length > 12 ? `${names.slice(0, 12).join(', ')}, ...` : names.join(', ');
}

/** Messages whose JSON is not an object of their fields (Any aside, which is handled on its own). */
function isSpecialJson(desc: DescMessage): boolean {
  return hasCustomJsonRepresentation(desc) && desc.typeName !== 'google.protobuf.Any';
}

function isObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string): string {
  const segment = /^[A-Za-z_@][A-Za-z0-9_]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (segment.startsWith('[')) return `${path}${segment}`;
  return path === '' ? segment : `${path}.${segment}`;
}
