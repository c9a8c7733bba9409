import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { appRoot } from '../resources';

/**
 * Where the official protoc binary and its well-known-type includes live: inside the npm
 * package `protoc`, which ships the binaries for every desktop platform in its tarball.
 */
export interface ProtocInstallation {
  /** The executable for this platform and architecture. */
  binary: string;
  /** google/protobuf/*.proto (the well-known types) as protoc ships them. */
  includeDir: string;
  /** e.g. "v36.2"; part of the descriptor cache key. */
  version: string;
}

const EXECUTABLES: Record<string, string> = {
  'linux-x64': 'protoc-linux-x86_64',
  'linux-arm64': 'protoc-linux-aarch_64',
  'darwin-x64': 'protoc-osx-x86_64',
  'darwin-arm64': 'protoc-osx-aarch_64',
  'win32-x64': 'protoc-win64.exe',
  // Windows on ARM runs the x64 build through emulation.
  'win32-arm64': 'protoc-win64.exe',
};

let cached: ProtocInstallation | null = null;

/** Throws when the package is missing or has no binary for this platform (an installation defect). */
export function protocInstallation(): ProtocInstallation {
  cached ??= findInstallation();
  return cached;
}

function findInstallation(): ProtocInstallation {
  const packageDir = unpackedFromAsar(dirname(resolvePackageJson()));
  const executable = EXECUTABLES[`${process.platform}-${process.arch}`];
  if (!executable) throw new Error(`protoc has no binary for ${process.platform}-${process.arch}.`);
  const binary = join(packageDir, 'bin', executable);
  if (!existsSync(binary)) throw new Error(`The protoc binary is missing: ${binary}. Reinstall the app (or run npm install).`);
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version?: string; upstreamVersion?: string };
  return { binary, includeDir: join(packageDir, 'include'), version: manifest.upstreamVersion ?? manifest.version ?? 'unknown' };
}

function resolvePackageJson(): string {
  // In the esbuild CJS bundle (Electron main, web host) `require` exists and knows app.asar;
  // under vitest/tsx (ESM) it does not, so resolve from the app root instead.
  if (typeof require === 'function') {
    try {
      return require.resolve('protoc/package.json');
    } catch {
      // fall through to the app root
    }
  }
  return createRequire(join(appRoot(), 'package.json')).resolve('protoc/package.json');
}

/** A binary cannot be executed from inside an asar archive; electron-builder unpacks it beside. */
function unpackedFromAsar(path: string): string {
  return path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}
