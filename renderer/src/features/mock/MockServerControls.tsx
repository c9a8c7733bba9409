import { sourceLabel } from '../catalog/catalog-tree';
import { Icon } from '../../components/Icon';
import { mockProtoSet, pointTabAtMockServer, startMockServer, stopMockServer } from '../../services/mock-actions';
import { useAppStore } from '../../store/app-store';
import { useMockStore } from '../../store/mock-store';

/**
 * The sidebar's mock server controls: which proto set to serve, Start mock server, and while it
 * runs a status `Mock server` with its address, Use (points the current tab at it), Stop and the
 * panel of received requests and rules.
 */
export function MockServerControls() {
  const protoSets = useAppStore((s) => s.protoSets);
  const server = useMockStore((s) => s.server);
  const busy = useMockStore((s) => s.busy);
  const problem = useMockStore((s) => s.problem);
  const panelOpen = useMockStore((s) => s.panelOpen);
  useMockStore((s) => s.chosenProtoSet); // re-render when the choice changes
  if (protoSets.length === 0 && !server.running) return null;
  const chosen = mockProtoSet();
  const update = useMockStore.getState().update;

  return (
    <div className="mock-controls">
      {protoSets.length > 1 ? (
        <select
          className="select mock-proto-set"
          aria-label="Mock proto set"
          value={chosen ?? ''}
          onChange={(e) => update({ chosenProtoSet: protoSets.find((p) => p.id === e.target.value)?.id ?? null })}
        >
          {protoSets.map((set) => (
            <option key={set.id} value={set.id}>
              {sourceLabel(set.source)}
            </option>
          ))}
        </select>
      ) : null}
      <button
        type="button"
        className="btn btn-block"
        disabled={busy || chosen === null}
        onClick={() => void startMockServer()}
        title={server.running ? 'Serve the chosen proto set instead (restarts the mock)' : 'Serve the chosen proto set on 127.0.0.1 with example responses'}
      >
        <Icon name="server" />
        Start mock server
      </button>
      {server.running && server.address !== null ? (
        <div className="mock-running">
          <div role="status" aria-label="Mock server" className="mock-status">
            <span className="mock-dot" aria-hidden="true" />
            Mock server <code className="mono">{server.address}</code>
          </div>
          <div className="sidebar-action-row">
            <button type="button" className="btn btn-small" aria-label="Use mock server" onClick={pointTabAtMockServer} title={`Set Server address to ${server.address}`}>
              Use
            </button>
            <button type="button" className="btn btn-small" aria-expanded={panelOpen} onClick={() => update({ panelOpen: !panelOpen })}>
              Requests and rules
            </button>
            <button type="button" className="btn btn-small" aria-label="Stop mock server" disabled={busy} onClick={() => void stopMockServer()}>
              Stop
            </button>
          </div>
        </div>
      ) : null}
      {problem !== null ? (
        <p role="alert" className="mock-problem">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
