import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker.js?worker';

/** Monaco's web workers, bundled by Vite (?worker): the JSON language service and the editor core. */
export function createMonacoWorker(_workerId: string, label: string): Worker {
  return label === 'json' ? new JsonWorker() : new EditorWorker();
}
