import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { prepareBufWorkspace, runBufBuild } from '../../bench/lib/buf-build';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function write(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/** Two overlapping roots: both hold pkg/shared.proto (different messages), each holds a file of its own in pkg/. */
async function overlappingRoots(): Promise<{ first: string; second: string; workspace: string }> {
  dir = await mkdtemp(join(tmpdir(), 'buf-workspace-test-'));
  const first = join(dir, 'first');
  const second = join(dir, 'second');
  await write(join(first, 'pkg', 'shared.proto'), 'syntax = "proto3";\npackage pkg;\nmessage FromFirst {}\n');
  await write(join(first, 'pkg', 'main.proto'), 'syntax = "proto3";\npackage pkg;\nimport "pkg/shared.proto";\nimport "pkg/only_second.proto";\nmessage Main { FromFirst a = 1; Second b = 2; }\n');
  await write(join(second, 'pkg', 'shared.proto'), 'syntax = "proto3";\npackage pkg;\nmessage FromSecond {}\n');
  await write(join(second, 'pkg', 'only_second.proto'), 'syntax = "proto3";\npackage pkg;\nmessage Second {}\n');
  const workspace = join(dir, 'workspace');
  await mkdir(workspace);
  return { first, second, workspace };
}

describe('the buf overlay workspace (protoc -I semantics for buf)', () => {
  it('resolves every name to the first root that has it and merges folders both roots have', async () => {
    const { first, second, workspace } = await overlappingRoots();
    const prepared = await prepareBufWorkspace(workspace, [first, second], [join(first, 'pkg', 'main.proto')]);
    expect(prepared.targets).toEqual(['pkg/main.proto']);
    expect(await realpath(join(workspace, 'pkg', 'shared.proto'))).toBe(await realpath(join(first, 'pkg', 'shared.proto')));
    expect(await realpath(join(workspace, 'pkg', 'only_second.proto'))).toBe(await realpath(join(second, 'pkg', 'only_second.proto')));
  });

  it('lets the real buf compile the first root\'s copy, as protoc would', async () => {
    const { first, second, workspace } = await overlappingRoots();
    const prepared = await prepareBufWorkspace(workspace, [first, second], [join(first, 'pkg', 'main.proto')]);
    const out = join(dir, 'set.binpb');
    const run = await runBufBuild(prepared, out, join(dir, 'cache'));
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const set = fromBinary(FileDescriptorSetSchema, await readFile(out));
    expect(set.file.map((f) => f.name).sort()).toEqual(['pkg/main.proto', 'pkg/only_second.proto', 'pkg/shared.proto']);
    expect(set.file.find((f) => f.name === 'pkg/shared.proto')?.messageType.map((m) => m.name)).toEqual(['FromFirst']);
  });

  it('refuses an input that an earlier root shadows, as protoc does', async () => {
    const { first, second, workspace } = await overlappingRoots();
    await expect(prepareBufWorkspace(workspace, [first, second], [join(second, 'pkg', 'shared.proto')])).rejects.toThrow(/is shadowed by/);
  });
});
