import { useEffect, useState } from 'react';
import type { VariableDefinition } from '../../../../shared/collection';
import { Icon } from '../../components/Icon';
import { ModalDialog } from '../../components/ModalDialog';
import { loadSecretStorageStatus, loadSecretValues, saveEnvironments, type EnvironmentDraft, type VariableDraft } from '../../services/environment-actions';
import { useAppStore } from '../../store/app-store';
import { makeLocalId } from '../../store/request-tab';

const COLLECTION_SCOPE = -1;

function draftsOf(variables: readonly VariableDefinition[]): VariableDraft[] {
  return variables.map((v) => ({ id: makeLocalId('var'), name: v.name, value: v.value, secret: v.secret, revealed: false }));
}

/** Collection variables and environments of one collection; Done writes them (secret values to the keychain only). */
export function EnvironmentsDialog({ folder }: { folder: string }) {
  const collection = useAppStore((s) => s.collections.find((c) => c.index.folder === folder));
  const secretStorage = useAppStore((s) => s.secretStorage);
  const [collectionVars, setCollectionVars] = useState<VariableDraft[]>(() => draftsOf(collection?.index.variables ?? []));
  const [environments, setEnvironments] = useState<EnvironmentDraft[]>(() =>
    (collection?.index.environments ?? []).map((e) => ({ id: makeLocalId('env'), originalName: e.name, name: e.name, variables: draftsOf(e.variables) })),
  );
  const [selected, setSelected] = useState<number>(environments.length > 0 ? 0 : COLLECTION_SCOPE);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Nothing is editable until the secret values arrived: a late answer must not replace edits.
  const [loaded, setLoaded] = useState(false);
  const close = () => useAppStore.getState().setWorkspaceDialog(null);

  // Secret values come from the keychain, so the dialog can show them masked (and reveal on demand).
  useEffect(() => {
    void loadSecretStorageStatus();
    void loadSecretValues(folder, collectionVars, environments).then(({ collection: c, environments: e }) => {
      setCollectionVars(c);
      setEnvironments(e);
      setLoaded(true);
    });
    // Only once, for what the collection held when the dialog opened (deliberately not on every edit).
  }, [folder]);

  if (!collection) return null;
  if (!loaded) {
    return (
      <ModalDialog label="Environments" onClose={close} className="environments-dialog">
        <div className="modal-body"><p className="field-hint">Reading secret values from the keychain…</p></div>
      </ModalDialog>
    );
  }
  const current = selected === COLLECTION_SCOPE ? null : environments[selected];
  const rows = current ? current.variables : collectionVars;
  const setRows = (change: (rows: VariableDraft[]) => VariableDraft[]) => {
    if (selected === COLLECTION_SCOPE) setCollectionVars(change);
    else setEnvironments((list) => list.map((e, i) => (i === selected ? { ...e, variables: change(e.variables) } : e)));
  };
  const updateRow = (id: string, patch: Partial<VariableDraft>) => setRows((list) => list.map((r) => (r.id === id ? { ...r, ...patch } : r)));

  const done = async () => {
    setBusy(true);
    const problem = await saveEnvironments(folder, collectionVars, environments);
    setBusy(false);
    if (problem) setError(problem);
    else close();
  };

  return (
    <ModalDialog label="Environments" onClose={close} className="environments-dialog">
      <header className="modal-header">
        <h2>Environments</h2>
        <button type="button" className="icon-btn" aria-label="Close" onClick={close}>
          <Icon name="close" />
        </button>
      </header>
      <div className="modal-body environments-body">
        <nav className="environment-list" aria-label="Variable scopes">
          <button type="button" className={selected === COLLECTION_SCOPE ? 'env-scope active' : 'env-scope'} aria-pressed={selected === COLLECTION_SCOPE} onClick={() => setSelected(COLLECTION_SCOPE)}>
            Collection variables
          </button>
          {environments.map((env, i) => (
            <button key={env.id} type="button" className={selected === i ? 'env-scope active' : 'env-scope'} aria-pressed={selected === i} onClick={() => setSelected(i)}>
              {env.name || 'Unnamed'}
            </button>
          ))}
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              setEnvironments((list) => [...list, { id: makeLocalId('env'), originalName: null, name: '', variables: [] }]);
              setSelected(environments.length);
            }}
          >
            <Icon name="plus" size={12} />
            New environment
          </button>
        </nav>
        <div className="environment-editor">
          {current ? (
            <div className="field">
              <label className="field-label" htmlFor="environment-name">
                Environment name
              </label>
              <input id="environment-name" className="input" value={current.name} autoComplete="off" spellCheck={false}
                onChange={(e) => setEnvironments((list) => list.map((env, i) => (i === selected ? { ...env, name: e.target.value } : env)))}
              />
              <span className="field-hint">Saved as environments/{current.name || '<name>'}.yaml. Its variables override the collection's.</span>
            </div>
          ) : (
            <p className="field-hint">Collection variables apply in every environment; an environment's variable of the same name wins.</p>
          )}
          <table className="variables-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Value</th>
                <th scope="col">Secret</th>
                <th scope="col"><span className="visually-hidden">Remove</span></th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <input className="input mono" aria-label="Variable name" value={row.name} autoComplete="off" spellCheck={false} onChange={(e) => updateRow(row.id, { name: e.target.value })} />
                  </td>
                  <td className="variable-value-cell">
                    <input className="input mono" aria-label="Variable value" type={row.secret && !row.revealed ? 'password' : 'text'} value={row.value} autoComplete="off" spellCheck={false}
                      onChange={(e) => updateRow(row.id, { value: e.target.value })}
                    />
                    {row.secret ? (
                      <button type="button" className="btn btn-small" aria-pressed={row.revealed} onClick={() => updateRow(row.id, { revealed: !row.revealed })}>
                        {row.revealed ? 'Hide' : 'Reveal'}
                      </button>
                    ) : null}
                  </td>
                  <td>
                    <input type="checkbox" aria-label="Secret" checked={row.secret} onChange={(e) => updateRow(row.id, { secret: e.target.checked, revealed: false })} />
                  </td>
                  <td>
                    <button type="button" className="icon-btn" aria-label={`Remove variable ${row.name}`} onClick={() => setRows((list) => list.filter((r) => r.id !== row.id))}>
                      <Icon name="trash" size={12} />
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div>
            <button type="button" className="btn btn-small" onClick={() => setRows((list) => [...list, { id: makeLocalId('var'), name: '', value: '', secret: false, revealed: false }])}>
              <Icon name="plus" size={12} />
              Add variable
            </button>
          </div>
          <p className={secretStorage?.backend === 'memory' ? 'field-hint error' : 'field-hint'} role={secretStorage?.backend === 'memory' ? 'note' : undefined}>
            {secretStorage ? secretStorage.detail : 'Secret values are kept in the OS keychain, never in the collection folder.'}
          </p>
          {error ? (
            <div role="alert" className="alert alert-error">
              <Icon name="warning" className="alert-icon" />
              <div className="alert-body">
                <p className="alert-message">{error}</p>
              </div>
            </div>
          ) : null}
        </div>
      </div>
      <footer className="modal-footer">
        <span className="field-hint">Use them as {'{{name}}'} in the address, metadata, body, TLS paths and deadline.</span>
        <span className="toolbar-spacer" />
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void done()}>
          Done
        </button>
      </footer>
    </ModalDialog>
  );
}
