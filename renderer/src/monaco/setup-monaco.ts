import { loader } from '@monaco-editor/react';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker.js?worker';
import { jsonDefaults, monaco } from './monaco-api';
import { defineWorkbenchThemes } from './themes';

interface MonacoEnvironmentHolder {
  MonacoEnvironment?: { getWorker: (workerId: string, label: string) => Worker };
}

let configured = false;

/** Point @monaco-editor/react at the bundled Monaco and its bundled workers. Idempotent. */
export function setupMonaco(): void {
  if (configured) return;
  configured = true;
  (self as unknown as MonacoEnvironmentHolder).MonacoEnvironment = {
    getWorker: (_workerId, label) => (label === 'json' ? new JsonWorker() : new EditorWorker()),
  };
  // The loader's type wants the full 'monaco-editor' module; the slim API is the same object shape.
  loader.config({ monaco: monaco as unknown as Parameters<typeof loader.config>[0]['monaco'] });
  jsonDefaults.setDiagnosticsOptions({ validate: true, allowComments: false, trailingCommas: 'error', enableSchemaRequest: false, schemas: [] });
  defineWorkbenchThemes();
}
