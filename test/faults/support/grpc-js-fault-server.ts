// The demo service on a grpc-js server in a child process, for fault tests: a test can
// SIGKILL it mid-stream and start it again on the same port. Run with
// `node --import tsx grpc-js-fault-server.ts <port> [graceMs]`; prints "PORT <n>".
// SIGUSR1: server.tryShutdown (GOAWAY to every session; running calls may finish; forced
// after graceMs). SIGUSR2: server.drain (GOAWAY to every session, still listening for new
// connections; remaining calls cut after graceMs). Exits when stdin closes. Server options
// (grpc.keepalive_time_ms, grpc.max_connection_age_ms, ...) come as JSON in FAULT_SERVER_OPTIONS.
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { loadDemoPackage } from '../../../electron/engine/demo/demo-package';
import { createDemoService } from '../../../electron/engine/demo/demo-service';

const portWanted = Number(process.argv[2] ?? 0);
const graceMs = Number(process.argv[3] ?? 3_000);

const { demoService } = loadDemoPackage();
const server = new Server(JSON.parse(process.env.FAULT_SERVER_OPTIONS ?? '{}') as Record<string, number>);
const { definition, implementation } = createDemoService(demoService, new AbortController().signal);
server.addService(definition, implementation);
server.bindAsync(`127.0.0.1:${portWanted}`, ServerCredentials.createInsecure(), (error, port) => {
  if (error) {
    console.error(`could not bind 127.0.0.1:${portWanted}: ${error.message}`);
    process.exit(2);
  }
  console.log(`PORT ${port}`);
  process.on('SIGUSR1', () => {
    console.log('STOPPING');
    const force = setTimeout(() => server.forceShutdown(), graceMs);
    server.tryShutdown(() => {
      clearTimeout(force);
      console.log('STOPPED');
    });
  });
  process.on('SIGUSR2', () => {
    console.log('DRAINING');
    server.drain(`127.0.0.1:${port}`, graceMs);
  });
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
