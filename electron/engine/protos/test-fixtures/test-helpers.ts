// Helpers shared by the protos/ and codec/ tests: temp dirs, a protoc runner that counts real
// protoc runs, and the demo protos compiled once per test file.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { protosDir } from '../../resources';
import { createProtocRunner, type ProtocRunner } from '../protoc-runner';
import { createProtoSetStore, type ProtoSetStore } from '../proto-set-store';
import type { ProtoSet } from '../proto-set';

export const FIXTURES_DIR = __dirname;
export const demoProto = () => join(protosDir(), 'demo.proto');
export const addressbookProto = () => join(protosDir(), 'addressbook.proto');

const tempDirs: string[] = [];

export function makeTempDir(prefix = 'wb-protos-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes files given as { "relative/path.proto": "content" } under dir. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

/** The real protoc, with every invocation counted. */
export function countingProtoc(): { run: ProtocRunner; runs: () => number } {
  const real = createProtocRunner();
  let runs = 0;
  return {
    run: (args) => {
      runs++;
      return real(args);
    },
    runs: () => runs,
  };
}

export function newStore(): { store: ProtoSetStore; protocRuns: () => number; cacheDir: string } {
  const protoc = countingProtoc();
  const cacheDir = makeTempDir('wb-cache-');
  return { store: createProtoSetStore({ cacheDir, runProtoc: protoc.run }), protocRuns: protoc.runs, cacheDir };
}

/** demo.proto and addressbook.proto compiled with the real protoc. */
export async function compileDemoSet(): Promise<{ store: ProtoSetStore; set: ProtoSet }> {
  const { store } = newStore();
  const result = await store.compile({ protoFiles: [demoProto(), addressbookProto()], importPaths: [protosDir()] });
  if (!result.ok) throw new Error(result.error.message);
  const set = store.get(result.value.id);
  if (!set) throw new Error('compiled set missing from the store');
  return { store, set };
}
