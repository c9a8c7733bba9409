import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { protocInstallation } from '../protos/protoc-binary';
import { createProtocRunner } from '../protos/protoc-runner';

/** The health proto grpc-health-check ships, as protoc names it (its root is three levels up). */
export const HEALTH_PROTO_FILE = 'health/v1/health.proto';

/** Compiles grpc-health-check's grpc.health.v1 proto with the real protoc (a FileDescriptorSet). */
export async function compileHealthDescriptors(): Promise<Uint8Array> {
  const protoc = protocInstallation();
  const dir = await mkdtemp(join(tmpdir(), 'grpc-workbench-health-'));
  try {
    const out = join(dir, 'health.binpb');
    const run = await createProtocRunner()([
      `--proto_path=${dirname(dirname(dirname(healthProtoPath)))}`,
      `--proto_path=${protoc.includeDir}`,
      `--descriptor_set_out=${out}`,
      HEALTH_PROTO_FILE,
    ]);
    if (run.exitCode !== 0) throw new Error(`protoc failed: ${run.spawnError ?? run.stderr}`);
    return new Uint8Array(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
