import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateRequest } from '../../../shared/validation';
import { makeTempDir, newStore, removeTempDirs, writeTree } from './test-fixtures/test-helpers';

afterAll(removeTempDirs);

/**
 * A saved workspace or a collection from someone's repository is untrusted. An import path
 * with a newline used to split into two lines of protoc's response file, so the second line
 * became a flag: `--plugin=` plus an `_out` flag runs any executable.
 */
function evilSetup(): { dir: string; marker: string; importPath: string } {
  const dir = makeTempDir();
  writeTree(dir, { 'a.proto': 'syntax = "proto3";\nmessage A { int32 x = 1; }\n' });
  const marker = join(dir, 'plugin-ran');
  const plugin = join(dir, 'protoc-gen-evil');
  writeFileSync(plugin, `#!/bin/sh\ntouch '${marker}'\ncat > /dev/null\n`);
  chmodSync(plugin, 0o755);
  const importPath = `${dir}\n--plugin=protoc-gen-evil=${plugin}\n--evil_out=${dir}`;
  return { dir, marker, importPath };
}

describe('no path can become a protoc flag', () => {
  it('refuses an import path with a newline before protoc runs, and the plugin never runs', async () => {
    const { dir, marker, importPath } = evilSetup();
    const { store, protocRuns } = newStore();
    const result = await store.compile({ protoFiles: [join(dir, 'a.proto')], importPaths: [importPath] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_REQUEST');
    expect(result.error.message).toContain('control characters');
    expect(protocRuns()).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses a proto file path with a carriage return or a tab', async () => {
    const { dir } = evilSetup();
    const { store, protocRuns } = newStore();
    for (const bad of [`${join(dir, 'a.proto')}\r--plugin=x`, `${join(dir, 'a.proto')}\t`]) {
      const result = await store.compile({ protoFiles: [bad], importPaths: [] });
      expect(result.ok ? 'ok' : result.error.code).toBe('INVALID_REQUEST');
    }
    expect(protocRuns()).toBe(0);
  });

  it('a file named like a flag stays a file: it is passed as an absolute path', async () => {
    const dir = makeTempDir();
    writeTree(dir, { '--version.proto': 'syntax = "proto3";\nmessage B { int32 y = 1; }\n' });
    const { store } = newStore();
    const previous = process.cwd();
    process.chdir(dir);
    try {
      const result = await store.compile({ protoFiles: ['--version.proto'], importPaths: [] });
      expect(result.ok ? 'compiled' : result.error.message).toBe('compiled');
    } finally {
      process.chdir(previous);
    }
  });

  it('every channel that takes a path refuses control characters at the boundary', () => {
    const compile = validateRequest('protos:compile', { protoFiles: ['/tmp/a.proto'], importPaths: ['/tmp\n--plugin=/bin/sh'] });
    expect(compile.ok).toBe(false);
    if (!compile.ok) expect(compile.error.message).toContain('control characters');
    const descriptor = validateRequest('protos:loadDescriptorSet', { paths: ['/tmp/x.binpb\u0085'] });
    expect(descriptor.ok).toBe(false);
    const listing = validateRequest('files:list', { path: '/tmp/\u2028' });
    expect(listing.ok).toBe(false);
    expect(validateRequest('files:list', { path: '/tmp/ok dir' }).ok).toBe(true);
  });
});
