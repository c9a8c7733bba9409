import { ScalarType, type DescMessage } from '@bufbuild/protobuf';

/** The messages whose canonical JSON is not an object of their fields. */
export type SpecialJsonKind =
  | 'timestamp'
  | 'duration'
  | 'wrapper'
  | 'struct'
  | 'value'
  | 'list_value'
  | 'field_mask'
  | 'any'
  | 'empty';

const SPECIAL: Record<string, SpecialJsonKind> = {
  'google.protobuf.Timestamp': 'timestamp',
  'google.protobuf.Duration': 'duration',
  'google.protobuf.DoubleValue': 'wrapper',
  'google.protobuf.FloatValue': 'wrapper',
  'google.protobuf.Int64Value': 'wrapper',
  'google.protobuf.UInt64Value': 'wrapper',
  'google.protobuf.Int32Value': 'wrapper',
  'google.protobuf.UInt32Value': 'wrapper',
  'google.protobuf.BoolValue': 'wrapper',
  'google.protobuf.StringValue': 'wrapper',
  'google.protobuf.BytesValue': 'wrapper',
  'google.protobuf.Struct': 'struct',
  'google.protobuf.Value': 'value',
  'google.protobuf.ListValue': 'list_value',
  'google.protobuf.FieldMask': 'field_mask',
  'google.protobuf.Any': 'any',
  // Empty's JSON is an ordinary (empty) object; listed so schema and example treat it plainly.
  'google.protobuf.Empty': 'empty',
};

export function specialJsonKind(message: DescMessage): SpecialJsonKind | null {
  return SPECIAL[message.typeName] ?? null;
}

/** The scalar a google.protobuf.*Value wrapper carries. */
export function wrappedScalar(message: DescMessage): ScalarType {
  const field = message.fields[0];
  return field?.fieldKind === 'scalar' ? field.scalar : ScalarType.STRING;
}

export const NULL_VALUE_ENUM = 'google.protobuf.NullValue';

export function typeUrlOf(typeName: string): string {
  return `type.googleapis.com/${typeName}`;
}
