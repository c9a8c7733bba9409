import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import type { UnknownField, UnknownWireType } from '../../../shared/call-events';

/** One entry of a protobuf-es message's `$unknown`: the field number, its wire type and the raw value bytes. */
export interface RawUnknownField {
  no: number;
  wireType: WireType;
  data: Uint8Array;
}

/** Longest text, and most bytes in hex, one unknown value shows; a field can be megabytes. */
const MAX_TEXT_CHARS = 1_000;
const MAX_HEX_BYTES = 256;
const INT64_SIGN = 1n << 63n;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * What an unknown field holds, read with protobuf-es' BinaryReader from the bytes protobuf-es
 * kept for it. Without a descriptor the wire type is all there is: a varint may be an int, a
 * bool or an enum; 32/64 bits may be fixed ints or floats; a length-delimited value may be a
 * string, bytes, a message or a packed list. So the value is shown as the wire says, with the
 * other readings beside it.
 */
export function describeUnknownField(path: string, field: RawUnknownField): UnknownField {
  const reader = new BinaryReader(field.data);
  const base = { path, number: field.no };
  switch (field.wireType) {
    case WireType.Varint: {
      const value = BigInt(reader.uint64());
      return { ...base, wireType: 'varint', value: value.toString(), ...alternatives(value >= INT64_SIGN ? [`int64 ${value - (1n << 64n)}`] : []) };
    }
    case WireType.Bit64: {
      const value = BigInt(reader.fixed64());
      const double = new BinaryReader(field.data).double();
      const signed = value >= INT64_SIGN ? [`sfixed64 ${value - (1n << 64n)}`] : [];
      return { ...base, wireType: 'fixed64', value: value.toString(), ...alternatives([...signed, ...plausibleFloat('double', double)]) };
    }
    case WireType.Bit32: {
      const value = reader.fixed32();
      const float = new BinaryReader(field.data).float();
      const signed = value >= 2 ** 31 ? [`sfixed32 ${value - 2 ** 32}`] : [];
      return { ...base, wireType: 'fixed32', value: String(value), ...alternatives([...signed, ...plausibleFloat('float', float)]) };
    }
    case WireType.LengthDelimited:
      return { ...base, wireType: 'length-delimited', ...showBytes(reader.bytes()) };
    default:
      // A group (proto2): protobuf-es kept its body and end tag; show them as they came.
      return { ...base, wireType: wireTypeName(field.wireType), ...showBytes(field.data, 'hex') };
  }
}

/** The float reading, unless it is noise: small integers read as floats are denormals like 9.8e-45. */
function plausibleFloat(kind: 'float' | 'double', value: number): string[] {
  const size = Math.abs(value);
  return Number.isFinite(value) && (size === 0 || (size > 1e-30 && size < 1e30)) ? [`${kind} ${kind === 'float' ? Number(value.toPrecision(7)) : value}`] : [];
}

function alternatives(list: string[]): { alternatives?: string[] } {
  return list.length > 0 ? { alternatives: list } : {};
}

function showBytes(bytes: Uint8Array, force?: 'hex'): Pick<UnknownField, 'value' | 'encoding' | 'byteLength' | 'truncated'> {
  const text = force ? null : printableText(bytes);
  if (text !== null) {
    const truncated = text.length > MAX_TEXT_CHARS;
    return { value: truncated ? text.slice(0, MAX_TEXT_CHARS) : text, encoding: 'utf8', byteLength: bytes.length, ...(truncated ? { truncated } : {}) };
  }
  const truncated = bytes.length > MAX_HEX_BYTES;
  return { value: hex(truncated ? bytes.subarray(0, MAX_HEX_BYTES) : bytes), encoding: 'hex', byteLength: bytes.length, ...(truncated ? { truncated } : {}) };
}

/** The bytes as text when they are valid UTF-8 without control characters (tabs and newlines allowed). */
function printableText(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return null;
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? null : text;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

function wireTypeName(wireType: WireType): UnknownWireType {
  switch (wireType) {
    case WireType.Varint:
      return 'varint';
    case WireType.Bit64:
      return 'fixed64';
    case WireType.LengthDelimited:
      return 'length-delimited';
    case WireType.Bit32:
      return 'fixed32';
    default:
      return 'group';
  }
}
