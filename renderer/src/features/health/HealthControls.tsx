import { Icon } from '../../components/Icon';
import { checkHealth, startHealthWatch, stopHealthWatch } from '../../services/health-actions';
import { EMPTY_HEALTH, healthKey, useHealthStore } from '../../store/health-store';
import type { SettingsOwner } from '../../store/requests-slice';

function useHealth(owner: SettingsOwner) {
  return useHealthStore((s) => s.byOwner[healthKey(owner)] ?? EMPTY_HEALTH);
}

/** Check health: grpc.health.v1.Health/Check with the tab's TLS and metadata; no protos needed. */
export function HealthCheckButton({ owner }: { owner: SettingsOwner }) {
  const health = useHealth(owner);
  return (
    <button
      type="button"
      className="btn btn-ghost"
      onClick={() => void checkHealth(owner)}
      disabled={health.busy}
      aria-label="Check health"
      title="Ask the server's standard health service (grpc.health.v1.Health/Check), with this tab's TLS and metadata. No protos needed."
    >
      <Icon name="pulse" />
      <span className="collapsible-label">Check health</span>
    </button>
  );
}

/** The service to check, Watch health, and what the server last said. */
export function HealthRow({ owner }: { owner: SettingsOwner }) {
  const health = useHealth(owner);
  const update = useHealthStore((s) => s.update);
  const key = healthKey(owner);
  const tone = health.problem !== null ? 'problem' : (health.status ?? 'none').toLowerCase();
  const text = health.problem ?? (health.status !== null ? health.status : health.busy || health.watch ? 'Checking…' : 'Not checked');

  return (
    <div className="health-row">
      <span className="health-title">Health</span>
      <label className="health-service">
        <span className="visually-hidden">Health service</span>
        <input
          type="text"
          className="input mono"
          aria-label="Health service"
          placeholder="service (empty = whole server)"
          spellCheck={false}
          autoComplete="off"
          value={health.service}
          disabled={health.watch}
          title={health.watch ? 'Turn Watch health off to change the service.' : 'The service name to check, e.g. demo.v1.DemoService; empty checks the server as a whole.'}
          onChange={(e) => update(key, { service: e.target.value })}
        />
      </label>
      <label className="check" title="Keep a Health/Watch stream open: the status follows the server live, and each change is a point on the Connection timeline.">
        <input type="checkbox" checked={health.watch} onChange={(e) => (e.target.checked ? void startHealthWatch(owner) : stopHealthWatch(owner))} />
        Watch health
      </label>
      <span role="status" aria-label="Health status" className={`health-status health-${tone}`} >
        {health.watch && health.problem === null ? <span className="health-live" aria-hidden="true" /> : null}
        {text}
      </span>
    </div>
  );
}
