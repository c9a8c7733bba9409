import { useCallback, useEffect, useState } from 'react';
import type { DirectoryEntry, DirectoryListing } from '../../../../shared/contract';
import { Icon } from '../../components/Icon';
import { ModalDialog } from '../../components/ModalDialog';
import { finishHostPick, listHostDirectory } from '../../services/file-picking';
import type { HostPickerRequest } from '../../store/ui-slice';

const EXTENSIONS: Partial<Record<HostPickerRequest['kind'], RegExp>> = {
  proto_files: /\.proto$/i,
  descriptor_sets: /\.(protoset|binpb|pb|desc|bin)$/i,
  pem_file: /\.(pem|crt|cer|key)$/i,
};

/**
 * Browse the host's files (files:list) when the shell has no native dialog: the browser
 * shell runs against a host whose files the page cannot see by itself.
 */
export function HostFilePicker({ request }: { request: HostPickerRequest }) {
  const [listing, setListing] = useState<DirectoryListing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [fileName, setFileName] = useState('stream.ndjson');
  const [pathText, setPathText] = useState('');
  const directories = request.kind === 'directories';
  const saving = request.kind === 'save_file';
  const pattern = EXTENSIONS[request.kind];

  const open = useCallback(async (path: string | null) => {
    const result = await listHostDirectory(path);
    if (result.ok) {
      setListing(result.value);
      setPathText(result.value.path);
      setError(null);
      setSelected(new Set());
    } else setError(result.error.message);
  }, []);

  useEffect(() => {
    void open(null);
  }, [open]);

  const entries = (listing?.entries ?? []).filter((e) => e.kind === 'directory' || (!directories && (showAll || !pattern || pattern.test(e.name))));
  const toggle = (entry: DirectoryEntry) => {
    setSelected((prev) => {
      const next = new Set(request.multiple ? prev : []);
      if (prev.has(entry.path)) next.delete(entry.path);
      else next.add(entry.path);
      return next;
    });
  };
  const joinPath = (dir: string, name: string) => (dir.endsWith('/') || dir.endsWith('\\') ? `${dir}${name}` : `${dir}${dir.includes('\\') && !dir.includes('/') ? '\\' : '/'}${name}`);

  const choose = () => {
    if (saving) {
      if (listing && fileName.trim()) finishHostPick([joinPath(listing.path, fileName.trim())]);
      return;
    }
    finishHostPick([...selected]);
  };

  return (
    <ModalDialog label={request.title} onClose={() => finishHostPick([])} className="picker-dialog">
      <header className="modal-header">
        <h2>{request.title}</h2>
        <button type="button" className="icon-btn" aria-label="Close" onClick={() => finishHostPick([])}>
          <Icon name="close" />
        </button>
      </header>
      <div className="modal-body picker-body">
        <form
          className="picker-path"
          onSubmit={(e) => {
            e.preventDefault();
            void open(pathText.trim() || null);
          }}
        >
          <button type="button" className="btn btn-small" disabled={!listing?.parent} onClick={() => listing?.parent && void open(listing.parent)} aria-label="Parent folder" title="Parent folder">
            <Icon name="arrowUp" size={14} />
          </button>
          <input
            type="text"
            className="input mono"
            aria-label="Folder"
            placeholder="/absolute/folder or ~/folder"
            title="A folder on the host: an absolute path, or ~ for your home folder there. Relative paths are not accepted."
            value={pathText}
            onChange={(e) => setPathText(e.target.value)}
            spellCheck={false}
          />
          <button type="submit" className="btn btn-small">
            Go
          </button>
        </form>
        {error ? (
          <p role="alert" className="field-hint error">
            {error}
          </p>
        ) : null}
        <ul className="picker-list" role="listbox" aria-label="Files" aria-multiselectable={request.multiple}>
          {entries.map((entry) => {
            const isDir = entry.kind === 'directory';
            const isSelected = selected.has(entry.path);
            return (
              <li
                key={entry.path}
                role="option"
                aria-selected={isSelected}
                tabIndex={0}
                className={isSelected ? 'picker-item selected' : 'picker-item'}
                onClick={() => (isDir ? (directories ? toggle(entry) : void open(entry.path)) : saving ? setFileName(entry.name) : toggle(entry))}
                onDoubleClick={() => (isDir ? void open(entry.path) : !saving && finishHostPick([entry.path]))}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    if (isDir) void open(entry.path);
                    else if (!saving) toggle(entry);
                  } else if (e.key === ' ') {
                    e.preventDefault();
                    if (!saving && (!isDir || directories)) toggle(entry);
                  }
                }}
              >
                <Icon name={isDir ? 'folder' : 'file'} size={14} />
                <span className="picker-name">{entry.name}</span>
                {isDir && directories ? <span className="muted picker-note">double-click to open</span> : null}
              </li>
            );
          })}
          {listing && entries.length === 0 ? <li className="picker-empty muted">Nothing here{pattern && !showAll ? ' with a matching extension' : ''}.</li> : null}
        </ul>
        {saving ? (
          <label className="field">
            <span className="field-label">File name</span>
            <input type="text" className="input mono" value={fileName} onChange={(e) => setFileName(e.target.value)} spellCheck={false} />
          </label>
        ) : null}
      </div>
      <footer className="modal-footer">
        {pattern && !saving ? (
          <label className="check check-small">
            <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
            Show all files
          </label>
        ) : null}
        <span className="toolbar-spacer" />
        {directories ? (
          <button type="button" className="btn" disabled={!listing} onClick={() => listing && finishHostPick([listing.path])}>
            Select this folder
          </button>
        ) : null}
        <button type="button" className="btn btn-primary" disabled={saving ? !fileName.trim() || !listing : selected.size === 0} onClick={choose}>
          {saving ? 'Save' : directories ? `Add ${selected.size || ''} selected`.replace('  ', ' ') : `Choose${selected.size > 1 ? ` ${selected.size}` : ''}`}
        </button>
      </footer>
    </ModalDialog>
  );
}
