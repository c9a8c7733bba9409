import { downloadText } from '../lib/download-text';
import { useAppStore } from '../store/app-store';
import { useLoadTestStore } from '../store/load-test-store';
import { workbench } from './api-handle';
import { loadRequestOf } from './load-request';

/** "Echo" -> "locust-Echo.py": a name a shell takes without quotes. */
export function locustFileName(method: string): string {
  return `locust-${method.replace(/[^A-Za-z0-9_-]+/g, '_')}.py`;
}

/**
 * Export as Locust file: the engine encodes the tab's request (load:exportLocust, the bytes
 * Invoke would send) into a locustfile, which the page saves; Locust's master and workers then
 * run it on as many machines as the load needs.
 */
export async function exportLocustFile(tabId: string): Promise<void> {
  const note = (locustNote: string) => useLoadTestStore.getState().update(tabId, { locustNote });
  const tab = useAppStore.getState().tabs.find((t) => t.id === tabId);
  if (!tab) return;
  const request = await loadRequestOf(tab);
  if (!request.ok) return note(request.message);
  const { method, connection, metadata, deadlineMs, body, secrets } = request.value;
  const result = await workbench().invoke('load:exportLocust', { method, connection, metadata, deadlineMs, requestJson: body.trim() === '' ? '{}' : body });
  if (!result.ok) return note(result.error.message);
  const fileName = locustFileName(tab.method.method);
  downloadText(fileName, result.value.python, 'text/x-python');
  note(`Saved ${fileName} (${result.value.requestBytes} request bytes)${secrets.length > 0 ? ': it holds the request\'s secret values, keep it private' : ''}.`);
}
