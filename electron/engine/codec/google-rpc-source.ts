import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { bundledIncludeDir } from '../resources';
import { protocInstallation } from '../protos/protoc-binary';
import { createProtocRunner } from '../protos/protoc-runner';

/** The bundled google.rpc protos whose descriptors are embedded in google-rpc-descriptors.ts. */
export const GOOGLE_RPC_FILES = ['google/rpc/status.proto', 'google/rpc/error_details.proto', 'google/rpc/code.proto'];

/** Compiles the bundled google.rpc protos with protoc; only the google/rpc files are kept. */
export async function compileGoogleRpcDescriptors(): Promise<Uint8Array> {
  const protoc = protocInstallation();
  const dir = await mkdtemp(join(tmpdir(), 'grpc-workbench-rpc-'));
  try {
    const out = join(dir, 'rpc.binpb');
    const run = await createProtocRunner()([
      `--proto_path=${bundledIncludeDir()}`,
      `--proto_path=${protoc.includeDir}`,
      '--include_imports',
      `--descriptor_set_out=${out}`,
      ...GOOGLE_RPC_FILES,
    ]);
    if (run.exitCode !== 0) throw new Error(`protoc failed: ${run.spawnError ?? run.stderr}`);
    const set = fromBinary(FileDescriptorSetSchema, new Uint8Array(await readFile(out)));
    const rpcOnly = create(FileDescriptorSetSchema, { file: set.file.filter((f) => f.name.startsWith('google/rpc/')) });
    return toBinary(FileDescriptorSetSchema, rpcOnly);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
