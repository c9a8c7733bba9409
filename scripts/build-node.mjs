// Bundles the Node-side entry points (Electron main and preload, the web host, the demo
// server CLI) with esbuild. npm packages stay external (they are installed beside the app),
// except in the preload: a sandboxed preload can require nothing but 'electron'.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };

// The web host bundles the pure-JS packages it loads at start-up: resolving and reading some
// hundreds of small files (zod, connect, protobuf-es, ...; with their own dependencies) took ~0.4 s of the ~0.7 s from spawn to
// its URL. Each package here reads no file beside its own code and loads nothing by a computed
// name. The rest stay external: protobufjs and proto-loader (their own dynamic require), grpc-js
// (@grpc/reflection and grpc-health-check, which read .proto files next to their code, require it:
// one copy), node-sqlite3-wasm (its .wasm file), @napi-rs/keyring (native), jsonc-parser (its UMD
// build requires its modules by relative name at run time), protoc (a binary).
const BUNDLED_IN_WEB_HOST = new Set(['zod', '@bufbuild/protobuf', '@connectrpc/connect', '@connectrpc/connect-node', 'hdr-histogram-js', 'yaml', 'chokidar', 'readdirp', 'ws', 'pako', 'base64-js', '@assemblyscript/loader']);

/** Keeps every npm package external except those in `bundled`. */
function externalExcept(bundled) {
  return {
    name: 'external-except',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:')) return { path: args.path, external: true };
        const parts = args.path.split('/');
        const name = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
        return bundled.has(name) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

await Promise.all([
  build({ ...common, entryPoints: { 'main/main': 'electron/main/main.ts' }, outdir: 'out', outExtension: { '.js': '.cjs' }, packages: 'external' }),
  build({ ...common, entryPoints: { 'preload/preload': 'electron/preload/preload.ts' }, outdir: 'out', outExtension: { '.js': '.cjs' }, external: ['electron'] }),
  build({ ...common, entryPoints: { 'web-host/cli': 'electron/web-host/cli.ts' }, outdir: 'out', outExtension: { '.js': '.cjs' }, plugins: [externalExcept(BUNDLED_IN_WEB_HOST)] }),
  build({ ...common, entryPoints: { 'demo/cli': 'electron/engine/demo/cli.ts' }, outdir: 'out', outExtension: { '.js': '.cjs' }, packages: 'external' }),
  // npx grpc-workbench: the collection runner and the Locust export, on the same engine.
  build({ ...common, entryPoints: { 'cli/cli': 'electron/cli/cli.ts' }, outdir: 'out', outExtension: { '.js': '.cjs' }, packages: 'external', banner: { js: '#!/usr/bin/env node' } }),
]);
