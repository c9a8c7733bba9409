import { resolve } from 'node:path';
import { asProtoSetId, type ProtoSetId } from '../../../shared/ids';
import type { ProtoSource } from '../../../shared/catalog';
import { sha256Hex } from './file-hash';

/**
 * A stable id per source: importing the same files (in any order) with the same import paths,
 * the same descriptor sets, or reflecting the same target again yields the same id, so the new
 * set replaces the old one instead of appearing twice.
 */
export function protoSetIdFor(source: ProtoSource): ProtoSetId {
  switch (source.kind) {
    case 'demo':
      return asProtoSetId('demo');
    case 'files':
      return hashed('files', {
        protoFiles: source.protoFiles.map((f) => resolve(f)).sort(),
        // Order matters for import paths: it decides which copy of a file protoc uses.
        importPaths: source.importPaths.map((p) => resolve(p)),
      });
    case 'descriptor_sets':
      return hashed('descriptors', { paths: source.paths.map((p) => resolve(p)).sort() });
    case 'reflection':
      return hashed('reflection', { target: source.target.trim() });
  }
}

function hashed(prefix: string, value: unknown): ProtoSetId {
  return asProtoSetId(`${prefix}-${sha256Hex(JSON.stringify(value)).slice(0, 16)}`);
}
