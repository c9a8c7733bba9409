import { useState } from 'react';
import { FormDialog } from '../../components/FormDialog';
import { parseInsomniaExport } from '../../lib/insomnia-import';
import { writeImportedRequests } from '../../services/insomnia-import-actions';
import { useAppStore } from '../../store/app-store';

const close = () => useAppStore.getState().setWorkspaceDialog(null);

/** Paste an Insomnia export: its gRPC requests become files of the chosen open collection. */
export function InsomniaImportDialog() {
  // Select the array itself: a selector that builds a new array each time re-renders forever.
  const all = useAppStore((s) => s.collections);
  const collections = all.filter((c) => !c.index.rootBroken);
  const active = useAppStore((s) => s.activeCollection);
  const [text, setText] = useState('');
  const [folder, setFolder] = useState(active ?? collections[0]?.index.folder ?? '');
  return (
    <FormDialog
      label="Import Insomnia export"
      submitLabel="Import"
      onClose={close}
      initialFocusSelector="#insomnia-export-text"
      submitDisabled={collections.length === 0}
      onSubmit={async () => {
        const parsed = parseInsomniaExport(text);
        if (!parsed.ok) return parsed.message;
        if (parsed.value.requests.length === 0) return ['The export holds no gRPC request to import.', ...parsed.value.notes].join(' ');
        const summary = await writeImportedRequests(folder, parsed.value.requests);
        const notes = [...parsed.value.notes, ...summary.skipped.map((s) => `Not imported: ${s}`)];
        useAppStore.getState().showNotice(summary.skipped.length > 0 ? 'error' : 'info', [`Imported ${summary.written.length} gRPC request${summary.written.length === 1 ? '' : 's'}.`, ...notes].join(' '));
        close();
        return null;
      }}
    >
      {collections.length === 0 ? <p>Imported requests are saved in a collection: create or open one first.</p> : null}
      {collections.length > 1 ? (
        <div className="field">
          <label className="field-label" htmlFor="insomnia-collection">Collection</label>
          <select id="insomnia-collection" className="input" value={folder} onChange={(e) => setFolder(e.target.value)}>
            {collections.map((c) => (
              <option key={c.index.folder} value={c.index.folder}>{c.index.name}</option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label className="field-label" htmlFor="insomnia-export-text">Insomnia export</label>
        <textarea id="insomnia-export-text" className="textarea mono" rows={12} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)}
          placeholder="Paste the file Insomnia exported (Insomnia v4 JSON or YAML, or v5 YAML)"
        />
        <span className="field-hint">gRPC requests become files of the collection, folders kept; existing files are never overwritten.</span>
      </div>
    </FormDialog>
  );
}
