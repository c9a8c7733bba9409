// Tests build/after-pack.cjs (the electron-builder hook) against a stand-in binary that carries
// Electron's real fuse wire layout, read back through @electron/fuses itself.
// (Lives here because vitest's include covers electron/**, not build/.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, describe, expect, it } from 'vitest';

interface AfterPackContext {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}
interface AfterPackModule {
  (context: AfterPackContext): Promise<void>;
  electronBinaryPath(context: AfterPackContext): string;
}
const afterPack = createRequire(import.meta.url)('../../build/after-pack.cjs') as AfterPackModule;

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const DISABLE = 48; // '0'
const ENABLE = 49; // '1'
// Electron's shipped defaults for the 8 V1 fuses: RunAsNode on, cookie encryption off,
// NODE_OPTIONS on, --inspect on, asar integrity off, asar-only off, V8 snapshot off, file:// privileges on.
const ELECTRON_DEFAULT_WIRE = '10110001';

function fakeElectronBinary(file: string): void {
  const wire = Buffer.from(ELECTRON_DEFAULT_WIRE, 'ascii');
  writeFileSync(file, Buffer.concat([Buffer.from('ELF...code...'), Buffer.from(SENTINEL, 'ascii'), Buffer.from([1, wire.length]), wire, Buffer.from('...more code')]));
}

const dir = mkdtempSync(join(tmpdir(), 'workbench-after-pack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('build/after-pack.cjs', () => {
  const linuxContext: AfterPackContext = {
    appOutDir: dir,
    electronPlatformName: 'linux',
    arch: 1,
    packager: { appInfo: { productFilename: 'gRPC Workbench' }, executableName: 'grpc-workbench' },
  };

  it('finds the binary to patch on each platform', () => {
    expect(afterPack.electronBinaryPath(linuxContext)).toBe(join(dir, 'grpc-workbench'));
    expect(afterPack.electronBinaryPath({ ...linuxContext, electronPlatformName: 'win32' })).toBe(join(dir, 'gRPC Workbench.exe'));
    expect(afterPack.electronBinaryPath({ ...linuxContext, electronPlatformName: 'darwin' })).toBe(join(dir, 'gRPC Workbench.app'));
  });

  it('flips every fuse to the hardened setting', async () => {
    const binary = join(dir, 'grpc-workbench');
    fakeElectronBinary(binary);
    await afterPack(linuxContext);
    const wire = await getCurrentFuseWire(binary);
    expect(wire).toMatchObject({
      [FuseV1Options.RunAsNode]: DISABLE,
      [FuseV1Options.EnableCookieEncryption]: ENABLE,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: DISABLE,
      [FuseV1Options.EnableNodeCliInspectArguments]: DISABLE,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: ENABLE,
      [FuseV1Options.OnlyLoadAppFromAsar]: ENABLE,
      [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: DISABLE,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: DISABLE,
    });
  });

  it('fails the build when the binary has no fuse wire', async () => {
    writeFileSync(join(dir, 'not-electron'), 'plain file');
    await expect(afterPack({ ...linuxContext, packager: { ...linuxContext.packager, executableName: 'not-electron' } })).rejects.toThrow(/sentinel/);
  });
});
