/** HTTP/2 error codes (RFC 9113 section 7), as GOAWAY and RST_STREAM frames carry them. */
const HTTP2_ERROR_NAMES = [
  'NO_ERROR',
  'PROTOCOL_ERROR',
  'INTERNAL_ERROR',
  'FLOW_CONTROL_ERROR',
  'SETTINGS_TIMEOUT',
  'STREAM_CLOSED',
  'FRAME_SIZE_ERROR',
  'REFUSED_STREAM',
  'CANCEL',
  'COMPRESSION_ERROR',
  'CONNECT_ERROR',
  'ENHANCE_YOUR_CALM',
  'INADEQUATE_SECURITY',
  'HTTP_1_1_REQUIRED',
] as const;

export function http2ErrorName(code: number): string {
  return HTTP2_ERROR_NAMES[code] ?? `UNKNOWN_0x${code.toString(16)}`;
}
