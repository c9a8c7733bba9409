import { ScalarType, type DescEnum, type DescField, type DescMessage, type JsonValue, type Registry } from '@bufbuild/protobuf';
import { FeatureSet_FieldPresence } from '@bufbuild/protobuf/wkt';
import { NULL_VALUE_ENUM, specialJsonKind, typeUrlOf, wrappedScalar } from './well-known-types';

/** How often one message type may appear on a path from the root: Nested.child.child, then stop. */
const MAX_SAME_TYPE_ON_PATH = 3;
/** Nesting beyond this is left out even without recursion, so examples stay readable. */
const MAX_DEPTH = 8;
/** After this many fields only required ones are filled in: huge schemas still give a usable example. */
const FIELD_BUDGET = 2000;
/** Cycles of required fields cannot be satisfied by any message; stop them here. */
const HARD_DEPTH_LIMIT = 32;

export const EXAMPLE_TIMESTAMP = '2024-01-01T00:00:00Z';
export const EXAMPLE_DURATION = '1.5s';

/**
 * A valid request to start from, as pretty-printed canonical JSON: every field filled in, enums
 * by name, 64-bit integers as strings, bytes as base64, one list item, one map entry, exactly
 * one member per oneof, well-known types in their JSON forms, recursion bounded. It parses
 * back with fromJson through the same registry.
 */
export function exampleJson(message: DescMessage, registry: Registry): string {
  const generator = new ExampleGenerator(registry);
  return JSON.stringify(generator.message(message, [], false) ?? {}, null, 2);
}

class ExampleGenerator {
  private fieldsLeft = FIELD_BUDGET;

  constructor(private readonly registry: Registry) {}

  /**
   * undefined = leave this field out (recursion bound). `minimal` = only required fields; a
   * required field past the bound is still filled in, minimally, so the example stays valid.
   */
  message(desc: DescMessage, path: DescMessage[], minimal: boolean, required = false): JsonValue | undefined {
    const special = this.special(desc, path);
    if (special !== undefined) return special;
    if (path.length >= HARD_DEPTH_LIMIT) return required ? {} : undefined;
    const bounded = path.length >= MAX_DEPTH || path.filter((m) => m === desc).length >= MAX_SAME_TYPE_ON_PATH;
    if (bounded && !required) return undefined;
    if (bounded) minimal = true;

    const inner = [...path, desc];
    const out: { [key: string]: JsonValue } = {};
    const filledOneofs = new Set<string>();
    for (const field of desc.fields) {
      const fieldRequired = field.presence === FeatureSet_FieldPresence.LEGACY_REQUIRED;
      if ((minimal || this.fieldsLeft <= 0) && !fieldRequired) continue;
      if (field.oneof && filledOneofs.has(field.oneof.name)) continue;
      const value = this.field(field, inner, minimal || this.fieldsLeft <= 0);
      if (value === undefined) continue;
      out[field.jsonName] = value;
      this.fieldsLeft--;
      if (field.oneof) filledOneofs.add(field.oneof.name);
    }
    return out;
  }

  private field(field: DescField, path: DescMessage[], minimal: boolean): JsonValue | undefined {
    switch (field.fieldKind) {
      case 'scalar':
        return scalarExample(field.scalar, field.name);
      case 'enum':
        return enumExample(field.enum, true);
      case 'message':
        return this.message(field.message, path, minimal, field.presence === FeatureSet_FieldPresence.LEGACY_REQUIRED);
      case 'list': {
        const item =
          field.listKind === 'scalar'
            ? scalarExample(field.scalar, field.name)
            : field.listKind === 'enum'
              ? enumExample(field.enum, false)
              : this.message(field.message, path, false);
        return item === undefined ? undefined : [item];
      }
      case 'map': {
        const value =
          field.mapKind === 'scalar'
            ? scalarExample(field.scalar, 'value')
            : field.mapKind === 'enum'
              ? enumExample(field.enum, false)
              : this.message(field.message, path, false);
        return value === undefined ? undefined : { [mapKeyExample(field.mapKey)]: value };
      }
    }
  }

  /** The JSON form of a well-known type; undefined when `desc` is an ordinary message. */
  private special(desc: DescMessage, path: DescMessage[]): JsonValue | undefined {
    switch (specialJsonKind(desc)) {
      case 'timestamp':
        return EXAMPLE_TIMESTAMP;
      case 'duration':
        return EXAMPLE_DURATION;
      case 'wrapper':
        return scalarExample(wrappedScalar(desc), 'value');
      case 'struct':
        return { key: 'value' };
      case 'value':
        return 'value';
      case 'list_value':
        return ['value'];
      case 'field_mask':
        return 'name';
      case 'empty':
        return {};
      case 'any':
        return this.any(path);
      case null:
        return undefined;
    }
  }

  /** An Any packing google.protobuf.Empty when the registry knows it, else some other message it knows. */
  private any(path: DescMessage[]): JsonValue | undefined {
    const empty = this.registry.getMessage('google.protobuf.Empty');
    if (empty) return { '@type': typeUrlOf(empty.typeName) };
    for (const type of this.registry) {
      if (type.kind !== 'message' || type.proto.options?.mapEntry || type.typeName === 'google.protobuf.Any') continue;
      const value = this.message(type, path, false);
      if (value === undefined) continue;
      const packed = specialJsonKind(type) !== null && specialJsonKind(type) !== 'empty';
      if (packed) return { '@type': typeUrlOf(type.typeName), value };
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { '@type': typeUrlOf(type.typeName), ...value };
    }
    return undefined;
  }
}

function scalarExample(scalar: ScalarType, name: string): JsonValue {
  switch (scalar) {
    case ScalarType.STRING:
      return name;
    case ScalarType.BOOL:
      return true;
    case ScalarType.BYTES:
      return 'Ynl0ZXM='; // "bytes"
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return 1.5;
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return '1';
    default:
      return 1;
  }
}

/** The first value with a non-zero number (zero is usually "unspecified"), else the zero one. */
function enumExample(desc: DescEnum, singular: boolean): JsonValue {
  // NullValue's JSON is null, but a list item or map value must not be null: use its name there.
  if (desc.typeName === NULL_VALUE_ENUM && singular) return null;
  const value = desc.values.find((v) => v.number !== 0) ?? desc.values[0];
  return value?.name ?? 0;
}

function mapKeyExample(scalar: ScalarType): string {
  switch (scalar) {
    case ScalarType.STRING:
      return 'key';
    case ScalarType.BOOL:
      return 'true';
    default:
      return '1';
  }
}
