import { relative, sep } from 'node:path';
import { watch } from 'chokidar';

/** Changes that arrive together (a git pull, an editor's save dance) are reported once. */
export const WATCH_DEBOUNCE_MS = 150;

/** Hidden folders (.git), node_modules and the temporary files of atomic writes are not the collection. */
function ignored(folder: string, path: string): boolean {
  const inside = relative(folder, path);
  if (inside === '') return false;
  return inside.endsWith('.tmp') || inside.split(sep).some((part) => part.startsWith('.') || part === 'node_modules');
}

/**
 * Watches a collection folder (recursively) and reports which relative paths changed, at most
 * once per debounce window. chokidar watches directories, so a file replaced by an atomic
 * rename (what editors, git and this app do) is still seen afterwards — Node 20's own
 * recursive fs.watch on Linux loses such a file. A folder that cannot be watched just stops
 * reporting: the tree still refreshes when the user acts.
 */
export function watchCollection(folder: string, onChange: (paths: string[]) => void): () => void {
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    const paths = [...pending].sort();
    pending = new Set();
    if (paths.length > 0) onChange(paths);
  };
  const watcher = watch(folder, {
    ignoreInitial: true,
    persistent: false,
    ignored: (path: string) => ignored(folder, path),
    // A new file is reported once it has been written, not while it is half there.
    awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 25 },
  });
  watcher.on('all', (_event, path) => {
    pending.add(relative(folder, path).split(sep).join('/'));
    timer ??= setTimeout(flush, WATCH_DEBOUNCE_MS);
  });
  watcher.on('error', () => {
    void watcher.close();
  });
  return () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    void watcher.close();
  };
}
