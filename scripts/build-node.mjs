// Bundles the Node-side entry points (Electron main and preload, the web host, the demo
// server CLI) with esbuild. npm packages stay external (they are installed beside the app),
// except in the preload: a sandboxed preload can require nothing but 'electron'.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: { 'main/main': 'electron/main/main.ts' }, outdir: 'out', outExtension: { '.js': '.cjs' }, packages: 'external' }),
  build({ ...common, entryPoints: { 'preload/preload': 'electron/preload/preload.ts' }, outdir: 'out', outExtension: { '.js': '.cjs' }, external: ['electron'] }),
  build({ ...common, entryPoints: { 'web-host/cli': 'electron/web-host/cli.ts' }, outdir: 'out', outExtension: { '.js': '.cjs' }, packages: 'external' }),
  build({ ...common, entryPoints: { 'demo/cli': 'electron/engine/demo/cli.ts' }, outdir: 'out', outExtension: { '.js': '.cjs' }, packages: 'external' }),
  // npx grpc-workbench: the collection runner and the Locust export, on the same engine.
  build({ ...common, entryPoints: { 'cli/cli': 'electron/cli/cli.ts' }, outdir: 'out', outExtension: { '.js': '.cjs' }, packages: 'external', banner: { js: '#!/usr/bin/env node' } }),
]);
