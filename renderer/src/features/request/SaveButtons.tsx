import { saveTab } from '../../services/collection-actions';
import { useAppStore } from '../../store/app-store';
import { isTabDirty } from '../../store/request-document-model';
import type { RequestTab } from '../../store/request-tab';

/** Save request (Ctrl/Cmd+S) and Save as; shows where the request is saved. */
export function SaveButtons({ tab }: { tab: RequestTab }) {
  const dirty = isTabDirty(tab);
  return (
    <>
      {tab.saved ? (
        <span className="saved-location muted" title={`${tab.saved.folder}/${tab.saved.path}`}>
          {dirty ? 'Unsaved changes' : 'Saved'} · {tab.saved.path}
        </span>
      ) : null}
      <button type="button" className="btn btn-small" onClick={() => void saveTab(tab.id)} title="Save request (Ctrl+S)" aria-keyshortcuts="Control+S Meta+S">
        Save request
      </button>
      {tab.saved ? (
        <button type="button" className="btn btn-small" onClick={() => useAppStore.getState().setWorkspaceDialog({ kind: 'save_request', tabId: tab.id, saveAs: true })}>
          Save as
        </button>
      ) : null}
    </>
  );
}
