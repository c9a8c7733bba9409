import type { WorkbenchApi } from '../../../shared/contract';
import { err } from '../../../shared/result';

/** Answers every call with a clear error until the bridge has connected (the UI renders first). */
const notConnected: WorkbenchApi = {
  invoke: async () => err('INTERNAL', 'Not connected to the workbench engine yet. Wait a moment and try again.'),
  onEvents: () => () => undefined,
};

let current: WorkbenchApi = notConnected;

/** Set once at startup by main.tsx, after the bridge connects. */
export function setWorkbenchApi(api: WorkbenchApi): void {
  current = api;
}

/** The engine, as the bridge exposes it. Only services/ call this; components call services. */
export function workbench(): WorkbenchApi {
  return current;
}
