/** One metadata entry as the user typed it. Keys ending in "-bin" carry base64 values. */
export interface MetadataEntry {
  key: string;
  value: string;
}

/** Metadata received from a server. Binary values (keys ending in "-bin") are base64. */
export type ReceivedMetadata = MetadataEntry[];

const KEY_PATTERN = /^[0-9a-z_.-]+$/;

/** Validate a metadata key as the gRPC spec defines it (lower-case ASCII; grpc- is reserved). */
export function metadataKeyProblem(key: string): string | null {
  if (key.length === 0) return 'Metadata keys cannot be empty.';
  const lower = key.toLowerCase();
  if (!KEY_PATTERN.test(lower)) return `Metadata key "${key}" may use only letters, digits, "-", "_" and ".".`;
  if (lower.startsWith('grpc-')) return `Metadata key "${key}" is reserved: keys starting with "grpc-" belong to gRPC itself.`;
  return null;
}
