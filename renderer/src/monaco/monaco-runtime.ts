import { loader } from '@monaco-editor/react';
import { useSyncExternalStore } from 'react';
import { startVariableMarkerFilter } from './variable-markers';

/** The lazily loaded Monaco module (see monaco-api.ts): the app paints before Monaco is parsed. */
export type MonacoModule = typeof import('./monaco-api');

let loaded: MonacoModule | null = null;
let loading: Promise<MonacoModule> | null = null;
const listeners = new Set<() => void>();

interface MonacoEnvironmentHolder {
  MonacoEnvironment?: { getWorker: (workerId: string, label: string) => Worker };
}

/**
 * Load Monaco from the bundle (its own chunk), give it its bundled workers, and point
 * @monaco-editor/react at it instead of a CDN. Idempotent.
 */
export function loadMonaco(): Promise<MonacoModule> {
  loading ??= (async () => {
    const [api, workers] = await Promise.all([import('./monaco-api'), import('./monaco-workers')]);
    (self as unknown as MonacoEnvironmentHolder).MonacoEnvironment = { getWorker: workers.createMonacoWorker };
    // The loader's type wants the full 'monaco-editor' module; the slim API is the same object shape.
    loader.config({ monaco: api.monaco as unknown as Parameters<typeof loader.config>[0]['monaco'] });
    api.jsonDefaults.setDiagnosticsOptions({ validate: true, allowComments: false, trailingCommas: 'error', enableSchemaRequest: false, schemas: [] });
    api.defineWorkbenchThemes();
    startVariableMarkerFilter(api);
    loaded = api;
    for (const listener of [...listeners]) listener();
    return api;
  })();
  return loading;
}

/** Monaco if it has loaded, else null. */
export function loadedMonaco(): MonacoModule | null {
  return loaded;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Re-renders once Monaco is ready. Never render @monaco-editor/react's Editor before that. */
export function useMonaco(): MonacoModule | null {
  return useSyncExternalStore(subscribe, loadedMonaco, () => null);
}
