import { dirname, join } from 'node:path';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { protosDir } from '../resources';

/**
 * proto-loader options for the demo server.
 * keepCase: the package definition also feeds @grpc/reflection, and protobufjs writes the
 *   JS property names into the descriptors it serves; camelCase would make reflection
 *   clients see `received_at` as a field named `receivedAt`.
 * longs: String keeps int64 exact (Sum adds them up as BigInt).
 * defaults: false so unset fields stay unset (`?? 0` in the handlers), and nothing the
 *   client did not send is invented on the way back.
 */
export const DEMO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: false,
  oneofs: true,
};

export const DEMO_SERVICE_NAME = 'demo.v1.DemoService';

export interface DemoPackage {
  /** demo.proto plus grpc.health.v1, so reflection lists the health service too. */
  packageDefinition: protoLoader.PackageDefinition;
  demoService: protoLoader.ServiceDefinition;
}

let loaded: DemoPackage | null = null;

/**
 * demo.proto and health.proto parsed by proto-loader, once per process: every demo listener
 * (five on "Start demo server") serves the same read-only definitions, and parsing them again
 * for each cost ~10-40 ms apiece on the first start.
 */
export function loadDemoPackage(): DemoPackage {
  loaded ??= parseDemoPackage();
  return loaded;
}

function parseDemoPackage(): DemoPackage {
  // grpc-health-check ships health/v1/health.proto; its root is three levels up.
  const healthRoot = dirname(dirname(dirname(healthProtoPath)));
  // The well-known types (google/protobuf/*.proto) are built into protobufjs.
  const packageDefinition = protoLoader.loadSync(['demo.proto', 'health/v1/health.proto'], {
    ...DEMO_LOADER_OPTIONS,
    includeDirs: [protosDir(), healthRoot],
  });
  const demoService = packageDefinition[DEMO_SERVICE_NAME];
  if (!demoService || !isServiceDefinition(demoService)) {
    throw new Error(`${join(protosDir(), 'demo.proto')} does not define ${DEMO_SERVICE_NAME}.`);
  }
  return { packageDefinition, demoService };
}

function isServiceDefinition(value: protoLoader.AnyDefinition): value is protoLoader.ServiceDefinition {
  return !('format' in value);
}
