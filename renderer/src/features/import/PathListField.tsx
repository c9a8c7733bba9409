import { useState } from 'react';
import type { PickKind } from '../../../../shared/contract';
import { Icon } from '../../components/Icon';
import { appendPathLines } from '../../lib/path-lines';
import { pathOfDroppedFile, pickPaths } from '../../services/file-picking';

interface PathListFieldProps {
  id: string;
  label: string;
  hint: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  pickKind: PickKind;
  rows?: number;
}

/** A one-path-per-line textarea with Browse and drag and drop. */
export function PathListField({ id, label, hint, placeholder, value, onChange, pickKind, rows = 3 }: PathListFieldProps) {
  const [dragging, setDragging] = useState(false);
  const [dropHint, setDropHint] = useState<string | null>(null);

  const browse = async () => {
    const paths = await pickPaths(pickKind, true);
    if (paths.length > 0) onChange(appendPathLines(value, paths));
  };

  const onDrop = (event: React.DragEvent<HTMLTextAreaElement>) => {
    const files = [...event.dataTransfer.files];
    if (files.length === 0) return; // plain text drops go in as typed
    event.preventDefault();
    setDragging(false);
    const paths = files.map(pathOfDroppedFile).filter((p): p is string => p !== null);
    if (paths.length > 0) {
      onChange(appendPathLines(value, paths));
      setDropHint(null);
    } else {
      setDropHint('The browser does not reveal where a dropped file lives: use Browse to pick it from the host.');
    }
  };

  return (
    <div className="field path-field">
      <div className="field-label-row">
        <label className="field-label" htmlFor={id}>
          {label}
        </label>
        <button type="button" className="btn btn-small" onClick={() => void browse()} aria-label={`Browse for ${label.toLowerCase()}`}>
          <Icon name="folder" size={14} />
          Browse…
        </button>
      </div>
      <textarea
        id={id}
        className={dragging ? 'input mono textarea dragging' : 'input mono textarea'}
        rows={rows}
        spellCheck={false}
        placeholder={placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onDragOver={(e) => {
          if (e.dataTransfer.types.includes('Files')) {
            e.preventDefault();
            setDragging(true);
          }
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      />
      <span className={dropHint ? 'field-hint error' : 'field-hint'}>{dropHint ?? hint}</span>
    </div>
  );
}
