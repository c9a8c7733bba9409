import { ScalarType } from '@bufbuild/protobuf';

export type JsonSchema = Record<string, unknown>;

// Canonical proto3 JSON accepts numeric strings for every integer type; 64-bit integers are
// written as strings (JavaScript numbers lose precision beyond 2^53) but numbers are accepted.
const SIGNED_INTEGER = '^-?[0-9]+$';
const UNSIGNED_INTEGER = '^[0-9]+$';
const FLOATING = '^(NaN|-?Infinity|-?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?|-?\\.[0-9]+([eE][-+]?[0-9]+)?)$';
// Standard or URL-safe base64, padding optional (protobuf-es accepts all of them).
const BASE64 = '^[A-Za-z0-9+/_-]*={0,2}$';

export function scalarSchema(scalar: ScalarType): JsonSchema {
  switch (scalar) {
    case ScalarType.STRING:
      return { type: 'string' };
    case ScalarType.BOOL:
      return { type: 'boolean' };
    case ScalarType.BYTES:
      return { type: 'string', contentEncoding: 'base64', pattern: BASE64, patternErrorMessage: 'Bytes are written as a base64 string.' };
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return { type: ['number', 'string'], pattern: FLOATING, patternErrorMessage: 'A number, or "NaN", "Infinity", "-Infinity".' };
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return { type: ['integer', 'string'], minimum: -2147483648, maximum: 2147483647, pattern: SIGNED_INTEGER };
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return { type: ['integer', 'string'], minimum: 0, maximum: 4294967295, pattern: UNSIGNED_INTEGER };
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return { type: ['string', 'integer'], pattern: SIGNED_INTEGER, patternErrorMessage: 'A 64-bit integer: a string of digits such as "-42" (or a number).' };
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return { type: ['string', 'integer'], minimum: 0, pattern: UNSIGNED_INTEGER, patternErrorMessage: 'An unsigned 64-bit integer: a string of digits such as "42" (or a number).' };
  }
}

/** Map keys are always JSON strings; the key type decides what the string may contain. */
export function mapKeySchema(scalar: ScalarType): JsonSchema {
  switch (scalar) {
    case ScalarType.BOOL:
      return { enum: ['true', 'false'], errorMessage: 'Keys of this map are booleans: "true" or "false".' };
    case ScalarType.STRING:
      return {};
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return { pattern: UNSIGNED_INTEGER, patternErrorMessage: 'Keys of this map are unsigned integers, e.g. "1".' };
    default:
      return { pattern: SIGNED_INTEGER, patternErrorMessage: 'Keys of this map are integers, e.g. "1".' };
  }
}

export function scalarLabel(scalar: ScalarType): string {
  const name = ScalarType[scalar].toLowerCase();
  switch (scalar) {
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return `${name} (a JSON string, or a number)`;
    case ScalarType.BYTES:
      return 'bytes (base64)';
    default:
      return name;
  }
}
