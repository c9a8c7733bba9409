// @ts-check
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS hook: electron-builder require()s it */
// electron-builder afterPack hook: flips Electron's fuses in the packaged binary, before
// electron-builder signs it (fuses live in the binary, so flipping after signing would break
// the signature). https://www.electronjs.org/docs/latest/tutorial/fuses
const path = require('node:path');
const { flipFuses, FuseV1Options, FuseVersion } = require('@electron/fuses');

/** Fuse settings, by @electron/fuses index. Every fuse this version of @electron/fuses knows is set explicitly. */
const FUSES = {
  // ELECTRON_RUN_AS_NODE would turn the app into a general Node interpreter.
  [FuseV1Options.RunAsNode]: false,
  // Cookies (none today) encrypted at rest with the OS keychain.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS / --inspect could inject code into the main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // Load the app only from app.asar, and verify app.asar against the hash electron-builder
  // embeds (macOS, Windows; a no-op on Linux).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // The renderer is served from app://, so file:// needs no extra privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/** builder-util's Arch enum values (kept numeric so this hook needs nothing but @electron/fuses). */
const ARCH_ARM64 = 3;
const ARCH_UNIVERSAL = 4;

/**
 * The path @electron/fuses expects: the .app bundle on macOS, the .exe on Windows, the
 * executable on Linux (named by linux.executableName).
 * @param {{ appOutDir: string, electronPlatformName: string, packager: { appInfo: { productFilename: string }, executableName?: string } }} context
 */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    default:
      return path.join(appOutDir, packager.executableName ?? packager.appInfo.productFilename);
  }
}

/** @param {Parameters<typeof electronBinaryPath>[0] & { arch: number }} context */
async function afterPack(context) {
  const binary = electronBinaryPath(context);
  const isMac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  await flipFuses(binary, {
    version: FuseVersion.V1,
    // Flipping fuses invalidates the ad-hoc signature Apple Silicon requires; re-sign ad hoc
    // (a real identity, if configured, signs again afterwards).
    resetAdHocDarwinSignature: isMac && (context.arch === ARCH_ARM64 || context.arch === ARCH_UNIVERSAL),
    ...FUSES,
  });
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.electronBinaryPath = electronBinaryPath;
