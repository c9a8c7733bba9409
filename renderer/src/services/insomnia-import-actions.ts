import { requestPath } from '../../../shared/collection';
import type { ImportedRequest } from '../lib/insomnia-import';
import { useAppStore } from '../store/app-store';
import { workbench } from './api-handle';
import { refreshIndex } from './collection-actions';

export interface ImportSummary {
  written: string[];
  /** Requests whose file already existed or could not be written: never overwritten. */
  skipped: string[];
}

/**
 * Writes imported requests into a collection as new files (folders kept). A request whose
 * file already exists is skipped, never overwritten, and named in the summary.
 */
export async function writeImportedRequests(folder: string, requests: readonly ImportedRequest[]): Promise<ImportSummary> {
  const summary: ImportSummary = { written: [], skipped: [] };
  for (const request of requests) {
    const path = requestPath(request.folder, request.name);
    const result = await workbench().invoke('collections:writeRequest', { folder, path, document: request.document, baseRevision: null });
    if (result.ok) summary.written.push(path);
    else summary.skipped.push(`${path}: ${result.error.message}`);
  }
  await refreshIndex(folder);
  useAppStore.getState().setActiveCollection(folder);
  return summary;
}
