import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Finds files the app ships (protos/, the bundled include roots) wherever the code runs:
 * from source under tsx/vitest, from the esbuild bundle in out/, or packaged by
 * electron-builder (where extraResources land beside the asar).
 * GRPC_WORKBENCH_RESOURCES overrides the search (the Electron main process sets it).
 */
let cachedRoot: string | null = null;

function findAppRoot(): string {
  const override = process.env.GRPC_WORKBENCH_RESOURCES;
  if (override && existsSync(join(override, 'protos', 'demo.proto'))) return override;
  const starts = [typeof __dirname === 'string' ? __dirname : process.cwd(), process.cwd()];
  for (const start of starts) {
    let dir = start;
    for (;;) {
      if (existsSync(join(dir, 'protos', 'demo.proto'))) return dir;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error('gRPC Workbench resources (protos/demo.proto) not found; set GRPC_WORKBENCH_RESOURCES to the folder that holds protos/.');
}

export function appRoot(): string {
  cachedRoot ??= findAppRoot();
  return cachedRoot;
}

/** protos/demo.proto, protos/addressbook.proto, ... */
export function protosDir(): string {
  return join(appRoot(), 'protos');
}

/** The Google API protos we bundle (google/api, google/rpc, google/type, google/longrunning). */
export function bundledIncludeDir(): string {
  return join(protosDir(), 'include');
}
