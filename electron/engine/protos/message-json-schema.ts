import { ScalarType, type DescEnum, type DescField, type DescMessage, type DescOneof, type Registry } from '@bufbuild/protobuf';
import { FeatureSet_FieldPresence } from '@bufbuild/protobuf/wkt';
import { mapKeySchema, scalarLabel, scalarSchema, type JsonSchema } from './scalar-json-schema';
import { commentOf } from './source-comments';
import { NULL_VALUE_ENUM, specialJsonKind, typeUrlOf, wrappedScalar } from './well-known-types';

/** How many registry types the Any "@type" property offers as suggestions. */
const MAX_TYPE_URL_SUGGESTIONS = 200;

/**
 * A JSON Schema (draft-07, with the extensions Monaco's JSON service reads: errorMessage,
 * patternErrorMessage, doNotSuggest, deprecationMessage) of a message's canonical proto3 JSON.
 * Every non-special message is a definition referenced by $ref, so recursion is finite; the
 * root is the root message's definition plus the definitions.
 */
export function messageJsonSchema(root: DescMessage, registry: Registry): JsonSchema {
  const builder = new SchemaBuilder(registry);
  const rootSchema = builder.messageSchema(root);
  builder.defineAll();
  // Inline the root's own definition (rather than a bare $ref) so hover and completion start at the top.
  const inlined = builder.definitions[root.typeName] ?? rootSchema;
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...inlined, definitions: builder.definitions };
}

class SchemaBuilder {
  readonly definitions: Record<string, JsonSchema> = {};
  /** Messages referenced but not defined yet: a work list, so a chain of 5,000 message types needs no deep stack. */
  private readonly pending: DescMessage[] = [];
  private typeUrls: string[] | null = null;

  constructor(private readonly registry: Registry) {}

  /** The schema of a message where it is used: WKTs inline, other messages by $ref (defined by defineAll). */
  messageSchema(message: DescMessage): JsonSchema {
    const special = this.specialSchema(message);
    if (special) return special;
    if (!(message.typeName in this.definitions)) {
      this.definitions[message.typeName] = { type: 'object', title: message.typeName }; // placeholder: queued once
      this.pending.push(message);
    }
    return { $ref: `#/definitions/${message.typeName}` };
  }

  /** Define every referenced message, and the messages their fields reference, and so on. */
  defineAll(): void {
    for (let message = this.pending.pop(); message !== undefined; message = this.pending.pop()) this.define(message);
  }

  private define(message: DescMessage): void {
    const definition = this.definitions[message.typeName] as JsonSchema;
    const comment = commentOf(message);
    if (comment) definition.description = comment;

    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    const allOf: JsonSchema[] = [];
    for (const field of message.fields) {
      const schema = this.fieldSchema(field);
      properties[field.jsonName] = schema;
      // The parser accepts the proto name too; allow it without suggesting it twice.
      if (field.name !== field.jsonName) properties[field.name] = { ...schema, doNotSuggest: true };
      if (field.presence === FeatureSet_FieldPresence.LEGACY_REQUIRED) {
        if (field.name === field.jsonName) required.push(field.jsonName);
        else allOf.push({ anyOf: [{ required: [field.jsonName] }, { required: [field.name] }], errorMessage: `Missing required field "${field.jsonName}".` });
      }
    }
    definition.properties = properties;
    definition.additionalProperties = false;
    if (required.length > 0) definition.required = required;
    if (allOf.length > 0) definition.allOf = allOf;
    const dependencies = oneofExclusions(message.oneofs);
    if (Object.keys(dependencies).length > 0) definition.dependencies = dependencies;
  }

  private fieldSchema(field: DescField): JsonSchema {
    let schema: JsonSchema;
    let label: string;
    switch (field.fieldKind) {
      case 'scalar':
        schema = scalarSchema(field.scalar);
        label = scalarLabel(field.scalar);
        break;
      case 'enum':
        schema = enumSchema(field.enum);
        label = `enum ${field.enum.typeName}`;
        break;
      case 'message':
        schema = this.messageSchema(field.message);
        label = field.message.typeName;
        break;
      case 'list':
        schema = { type: 'array', items: this.elementSchema(field) };
        label = `repeated ${field.listKind === 'scalar' ? scalarLabel(field.scalar) : (field.message ?? field.enum).typeName}`;
        break;
      case 'map': {
        const value = field.mapKind === 'scalar' ? scalarSchema(field.scalar) : field.mapKind === 'enum' ? enumSchema(field.enum) : this.messageSchema(field.message);
        schema = { type: 'object', propertyNames: mapKeySchema(field.mapKey), additionalProperties: value };
        const valueLabel = field.mapKind === 'scalar' ? ScalarType[field.scalar].toLowerCase() : (field.message ?? field.enum).typeName;
        label = `map<${ScalarType[field.mapKey].toLowerCase()}, ${valueLabel}>`;
        break;
      }
    }
    const notes = [commentOf(field), label];
    if (field.oneof) notes.push(`Part of oneof "${field.oneof.name}": set only one of ${field.oneof.fields.map((f) => f.jsonName).join(', ')}.`);
    if (field.presence === FeatureSet_FieldPresence.LEGACY_REQUIRED) notes.push('Required.');
    const described: JsonSchema = { ...schema, description: notes.filter((n) => n !== '').join('\n\n') };
    if (field.deprecated) described.deprecationMessage = `${field.name} is deprecated.`;
    return described;
  }

  private elementSchema(field: DescField & { fieldKind: 'list' }): JsonSchema {
    switch (field.listKind) {
      case 'scalar':
        return scalarSchema(field.scalar);
      case 'enum':
        return enumSchema(field.enum);
      case 'message':
        return this.messageSchema(field.message);
    }
  }

  private specialSchema(message: DescMessage): JsonSchema | null {
    switch (specialJsonKind(message)) {
      case 'timestamp':
        return { type: 'string', format: 'date-time', title: message.typeName, description: 'RFC 3339 timestamp, e.g. "2024-01-01T00:00:00Z".' };
      case 'duration':
        return {
          type: 'string',
          title: message.typeName,
          pattern: '^-?[0-9]+(\\.[0-9]{1,9})?s$',
          patternErrorMessage: 'A duration in seconds with an "s" suffix, e.g. "1.5s".',
          description: 'Duration in seconds with an "s" suffix, e.g. "1.5s".',
        };
      case 'wrapper':
        return { ...scalarSchema(wrappedScalar(message)), title: message.typeName };
      case 'struct':
        return { type: 'object', title: message.typeName, description: 'Any JSON object.' };
      case 'value':
        return { title: message.typeName, description: 'Any JSON value.' };
      case 'list_value':
        return { type: 'array', title: message.typeName, description: 'Any JSON array.' };
      case 'field_mask':
        return {
          type: 'string',
          title: message.typeName,
          description: 'Comma-separated lowerCamelCase field paths, e.g. "name,address.city".',
        };
      case 'any':
        return {
          type: 'object',
          title: message.typeName,
          description: 'Any message: "@type" names its type ("type.googleapis.com/<full name>"), the other keys are its fields (or "value" for well-known types).',
          required: ['@type'],
          properties: { '@type': { type: 'string', examples: this.knownTypeUrls(), description: 'The type URL of the packed message.' } },
        };
      case 'empty':
        return { type: 'object', title: message.typeName, properties: {}, additionalProperties: false };
      case null:
        return null;
    }
  }

  private knownTypeUrls(): string[] {
    if (!this.typeUrls) {
      this.typeUrls = [];
      for (const type of this.registry) {
        if (type.kind !== 'message' || type.proto.options?.mapEntry) continue;
        this.typeUrls.push(typeUrlOf(type.typeName));
        if (this.typeUrls.length >= MAX_TYPE_URL_SUGGESTIONS) break;
      }
    }
    return this.typeUrls;
  }
}

function enumSchema(desc: DescEnum): JsonSchema {
  if (desc.typeName === NULL_VALUE_ENUM) return { type: 'null' };
  const names = desc.values.map((v) => v.name);
  const descriptions = desc.values.map((v) => commentOf(v));
  const byName: JsonSchema = { type: 'string', enum: names };
  if (descriptions.some((d) => d !== '')) byName.enumDescriptions = descriptions;
  return { anyOf: [byName, { type: 'integer', minimum: -2147483648, maximum: 2147483647 }] };
}

/**
 * "If this member is present, no other member of its oneof may be": draft-07 `dependencies`,
 * which Monaco reports on the offending property itself.
 */
function oneofExclusions(oneofs: DescOneof[]): Record<string, JsonSchema> {
  const dependencies: Record<string, JsonSchema> = {};
  for (const oneof of oneofs) {
    if (oneof.fields.length < 2) continue;
    for (const member of oneof.fields) {
      const forbidden: Record<string, JsonSchema> = {};
      for (const other of oneof.fields) {
        if (other === member) continue;
        const errorMessage = `Only one member of oneof "${oneof.name}" may be set, but ${member.jsonName} is set too.`;
        for (const name of namesOf(other)) forbidden[name] = { not: {}, errorMessage };
      }
      for (const name of namesOf(member)) dependencies[name] = { properties: forbidden };
    }
  }
  return dependencies;
}

function namesOf(field: DescField): string[] {
  return field.name === field.jsonName ? [field.jsonName] : [field.jsonName, field.name];
}
