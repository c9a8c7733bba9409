/** Bytes per hex view line, as in `xxd` and `hexdump -C`. */
const BYTES_PER_LINE = 16;
/** What the hex view shows before "Show all": the first 4 KiB (256 lines). */
export const HEX_PREVIEW_BYTES = 4_096;
/** The most it ever shows in the page; more is for "Save stream". */
export const HEX_MAX_BYTES = 256 * 1_024;

/** One line of `hexdump -C`: offset, 16 bytes in hex (a gap after 8), and the printable ASCII. */
export function hexDumpLines(bytes: Uint8Array, limit: number): string[] {
  const end = Math.min(bytes.length, limit);
  const lines: string[] = [];
  for (let offset = 0; offset < end; offset += BYTES_PER_LINE) {
    const row = bytes.subarray(offset, Math.min(offset + BYTES_PER_LINE, end));
    let hex = '';
    let ascii = '';
    for (let i = 0; i < BYTES_PER_LINE; i += 1) {
      const byte = row[i];
      hex += byte === undefined ? '   ' : `${byte.toString(16).padStart(2, '0')} `;
      if (i === 7) hex += ' ';
      if (byte !== undefined) ascii += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
    }
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`);
  }
  return lines;
}

/** The raw bytes the engine put in an undecodable message's JSON ("@bytesBase64"); null if absent. */
export function undecodableBytes(json: string): Uint8Array | null {
  try {
    const parsed: unknown = JSON.parse(json);
    const base64 = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>)['@bytesBase64'] : undefined;
    if (typeof base64 !== 'string') return null;
    const binary = atob(base64);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}
