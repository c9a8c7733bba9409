import { useAppStore } from '../../store/app-store';

const NO_ENVIRONMENT = '';

/** The active collection's environment ("No environment" = collection variables only). */
export function EnvironmentPicker() {
  const collections = useAppStore((s) => s.collections);
  const activeFolder = useAppStore((s) => s.activeCollection);
  const setActiveCollection = useAppStore((s) => s.setActiveCollection);
  const setEnvironment = useAppStore((s) => s.setActiveEnvironment);
  const setDialog = useAppStore((s) => s.setWorkspaceDialog);
  const active = collections.find((c) => c.index.folder === activeFolder) ?? collections[0];
  if (!active) return null;
  return (
    <div className="environment-picker">
      {collections.length > 1 ? (
        <select className="input input-small" aria-label="Active collection" value={active.index.folder} onChange={(e) => setActiveCollection(e.target.value)}>
          {collections.map((c) => (
            <option key={c.index.folder} value={c.index.folder}>
              {c.index.name}
            </option>
          ))}
        </select>
      ) : null}
      <select
        className="input input-small"
        aria-label="Environment"
        value={active.activeEnvironment ?? NO_ENVIRONMENT}
        onChange={(e) => setEnvironment(active.index.folder, e.target.value === NO_ENVIRONMENT ? null : e.target.value)}
      >
        <option value={NO_ENVIRONMENT}>No environment</option>
        {active.index.environments.map((env) => (
          <option key={env.name} value={env.name}>
            {env.name}
          </option>
        ))}
      </select>
      <button type="button" className="btn btn-small" onClick={() => setDialog({ kind: 'environments', folder: active.index.folder })} disabled={active.index.rootBroken}>
        Edit environments
      </button>
    </div>
  );
}
