import { Icon } from '../../components/Icon';
import { useAppStore } from '../../store/app-store';
import { CollectionsTree } from './CollectionsTree';
import { EnvironmentPicker } from './EnvironmentPicker';

/** The sidebar's workspace part: collections, their environment, and their saved requests. */
export function CollectionsSection() {
  const setDialog = useAppStore((s) => s.setWorkspaceDialog);
  const count = useAppStore((s) => s.collections.length);
  return (
    <section className="collections-section" aria-label="Workspace">
      <div className="sidebar-section-title">
        <span>Collections</span>
      </div>
      <div className="collections-buttons">
        <button type="button" className="btn btn-small" onClick={() => setDialog({ kind: 'new_collection' })}>
          <Icon name="plus" size={12} />
          New collection
        </button>
        <button type="button" className="btn btn-small" onClick={() => setDialog({ kind: 'open_collection' })}>
          <Icon name="folder" size={12} />
          Open collection
        </button>
        {count > 0 ? (
          <button type="button" className="btn btn-small" onClick={() => setDialog({ kind: 'insomnia_import' })} title="Paste an Insomnia export: its gRPC requests become files of the collection">
            Import Insomnia export
          </button>
        ) : null}
      </div>
      {count > 0 ? <EnvironmentPicker /> : null}
      <div className="collections-tree-box">
        <CollectionsTree />
        {count === 0 ? <p className="field-hint collections-empty">Save requests in a folder of your repository, next to your protos.</p> : null}
      </div>
    </section>
  );
}
