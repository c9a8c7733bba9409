import type { WorkbenchApi } from '../../../shared/contract';
import { onCollectionChanged } from './collection-actions';

/**
 * Follow changes to open collections' files (the engine watches them). Changes to one folder
 * are handled one at a time, so a burst (git checkout) never races itself.
 */
export function startCollectionSync(api: WorkbenchApi): () => void {
  const queues = new Map<string, Promise<void>>();
  return api.onEvents((batch) => {
    for (const event of batch.events) {
      if (event.kind !== 'collection') continue;
      const previous = queues.get(event.folder) ?? Promise.resolve();
      const next = previous.then(() => onCollectionChanged(event.folder, event.paths)).catch(() => undefined);
      queues.set(event.folder, next);
    }
  });
}
