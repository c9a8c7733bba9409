import { Icon } from '../../components/Icon';
import { resolveConflict } from '../../services/collection-actions';
import type { RequestTab } from '../../store/request-tab';

/** The tab's file changed on disk while it had edits: never overwritten without the user's word. */
export function ConflictAlert({ tab }: { tab: RequestTab }) {
  if (!tab.conflict) return null;
  return (
    <div role="alert" className="alert alert-warning conflict-alert">
      <Icon name="warning" className="alert-icon" />
      <div className="alert-body">
        <p className="alert-message">{tab.conflict.message}</p>
        <div className="alert-actions">
          <button type="button" className="btn btn-small" onClick={() => void resolveConflict(tab.id, 'keep_mine')}>
            Keep my version
          </button>
          {tab.conflict.document ? (
            <button type="button" className="btn btn-small" onClick={() => void resolveConflict(tab.id, 'load_disk')}>
              Load disk version
            </button>
          ) : null}
        </div>
      </div>
    </div>
  );
}
