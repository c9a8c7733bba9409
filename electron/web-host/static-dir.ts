// Where the renderer build is: out/renderer beside the bundled CLI (out/web-host/cli.cjs), or
// under the repository root when the CLI runs from source (tsx electron/web-host/cli.ts).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { appRoot } from '../engine/resources';

function repositoryBuild(): string | null {
  try {
    return join(appRoot(), 'out', 'renderer');
  } catch {
    return null;
  }
}

/** found=false: no build yet; dir is where it will appear (the host serves it once built). */
export function findRendererBuild(): { dir: string; found: boolean } {
  const bundled = typeof __dirname === 'string' ? resolve(__dirname, '..', 'renderer') : null;
  const fromSource = repositoryBuild();
  const candidates = [bundled, fromSource].filter((dir): dir is string => dir !== null);
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (found !== undefined) return { dir: found, found: true };
  return { dir: fromSource ?? bundled ?? resolve('out', 'renderer'), found: false };
}
