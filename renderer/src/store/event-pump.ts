import type { WorkbenchApi } from '../../../shared/contract';
import { applyEventBatch } from './apply-event-batch';
import { useAppStore } from './app-store';

/**
 * The one subscription to the engine's events. Each batch (the engine flushes about every
 * 16 ms) becomes exactly one store update, however many messages it carries.
 */
export function startEventPump(api: WorkbenchApi): () => void {
  return api.onEvents((batch) => {
    useAppStore.setState((state) => applyEventBatch(state, batch));
  });
}
