// The demo service (with reflection) over TLS, for specs that need a server the app can only
// reach with the right CA and server name. Certificates come from test/support/transport-pki.ts.
import { readFileSync } from 'node:fs';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { loadDemoPackage } from '../../electron/engine/demo/demo-package';
import { createDemoService } from '../../electron/engine/demo/demo-service';

export interface RunningTlsDemoServer {
  /** "127.0.0.1:PORT" */
  address: string;
  port: number;
  stop(): Promise<void>;
}

/** Serves demo.v1.DemoService and reflection on 127.0.0.1:<free port> with the given certificate. */
export async function startTlsDemoServer(certificate: { certPath: string; keyPath: string }): Promise<RunningTlsDemoServer> {
  const { packageDefinition, demoService } = loadDemoPackage();
  const stopping = new AbortController();
  const server = new Server();
  const { definition, implementation } = createDemoService(demoService, stopping.signal);
  server.addService(definition, implementation);
  new ReflectionService(packageDefinition).addToServer(server);

  const credentials = ServerCredentials.createSsl(null, [{ cert_chain: readFileSync(certificate.certPath), private_key: readFileSync(certificate.keyPath) }]);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', credentials, (error, boundPort) => (error ? reject(error) : resolve(boundPort)));
  });
  return {
    address: `127.0.0.1:${port}`,
    port,
    stop: async () => {
      stopping.abort();
      // Open calls (if a spec failed midway) must not keep the spec process alive.
      server.forceShutdown();
    },
  };
}
