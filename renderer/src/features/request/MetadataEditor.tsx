import { metadataKeyProblem } from '../../../../shared/metadata';
import { Icon } from '../../components/Icon';
import { isBase64 } from '../../services/request-validation';
import { useAppStore } from '../../store/app-store';
import type { SettingsOwner } from '../../store/requests-slice';
import { metadataOf } from '../../store/requests-slice';

/** Request metadata rows: key, value, remove. Keys are checked as gRPC defines them. */
export function MetadataEditor({ owner }: { owner: SettingsOwner }) {
  const rows = useAppStore((s) => metadataOf(s, owner));
  const add = useAppStore((s) => s.addMetadataRow);
  const update = useAppStore((s) => s.updateMetadataRow);
  const remove = useAppStore((s) => s.removeMetadataRow);

  const addRow = () => {
    add(owner);
    // Put the cursor in the new key field.
    requestAnimationFrame(() => {
      const keys = document.querySelectorAll<HTMLInputElement>('.metadata-editor input[aria-label="Metadata key"]');
      keys[keys.length - 1]?.focus();
    });
  };

  return (
    <section className="metadata-editor" aria-label="Metadata">
      <div className="section-header">
        <span className="section-title">
          Metadata{rows.length > 0 ? <span className="count-pill">{rows.length}</span> : null}
        </span>
        <button type="button" className="btn btn-ghost btn-small" onClick={addRow}>
          <Icon name="plus" size={14} />
          Add metadata
        </button>
      </div>
      {rows.length > 0 ? (
        <ul className="metadata-rows">
          {rows.map((row) => {
            const key = row.key.trim();
            const keyProblem = key === '' && row.value === '' ? null : metadataKeyProblem(key);
            const binary = key.toLowerCase().endsWith('-bin');
            const valueProblem = binary && row.value !== '' && !isBase64(row.value) ? 'Not valid base64.' : null;
            const problemId = `md-problem-${row.id}`;
            return (
              <li key={row.id} className="metadata-row">
                <input
                  type="text"
                  className={keyProblem ? 'input mono invalid' : 'input mono'}
                  aria-label="Metadata key"
                  aria-invalid={keyProblem !== null}
                  aria-describedby={keyProblem || valueProblem ? problemId : undefined}
                  placeholder="key"
                  spellCheck={false}
                  autoComplete="off"
                  value={row.key}
                  onChange={(e) => update(owner, row.id, { key: e.target.value })}
                />
                <input
                  type="text"
                  className={valueProblem ? 'input mono invalid' : 'input mono'}
                  aria-label="Metadata value"
                  aria-invalid={valueProblem !== null}
                  placeholder={binary ? 'base64' : 'value'}
                  spellCheck={false}
                  autoComplete="off"
                  value={row.value}
                  onChange={(e) => update(owner, row.id, { value: e.target.value })}
                />
                <button type="button" className="icon-btn" aria-label={`Remove metadata ${key || 'row'}`} title="Remove" onClick={() => remove(owner, row.id)}>
                  <Icon name="trash" size={14} />
                </button>
                {binary && !keyProblem && !valueProblem ? <span className="metadata-hint">-bin key: the value is base64</span> : null}
                {keyProblem || valueProblem ? (
                  <span id={problemId} className="metadata-hint error">
                    {keyProblem ?? valueProblem}
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
