import type { DemoTarget } from '../../../../shared/contract';
import { useAppStore } from '../../store/app-store';

/** One empty list: a new [] per render would make the store selector loop. */
const NONE: DemoTarget[] = [];

/**
 * Once the demo runs: each of its addresses (main, balanced over two backends, keepalive with a
 * max connection age, gzip-compressed answers), what to try there, and a button that points the current tab at it.
 */
export function DemoTargets() {
  const targets = useAppStore((s) => (s.demo.running ? (s.demo.targets ?? NONE) : NONE));
  if (targets.length === 0) return null;
  const use = (target: string) => {
    const state = useAppStore.getState();
    const owner = state.activeTabId === null ? 'defaults' : { tabId: state.activeTabId };
    state.updateConnection(owner, (c) => ({ ...c, target, tls: { ...c.tls, enabled: false } }));
  };
  // Collapsed by default: three cards would push Collections and Services off a laptop screen.
  return (
    <details className="demo-targets-disclosure">
      <summary>Demo targets ({targets.length}): balanced, keepalive, gzip, what to try</summary>
    <ul className="demo-targets" aria-label="Demo targets">
      {targets.map((t) => (
        <li key={t.name} className="demo-target" aria-label={t.name}>
          <div className="demo-target-head">
            <strong>{t.name}</strong>
            <button type="button" className="btn btn-small" aria-label={`Use ${t.name}`} title={`Set Server address to ${t.target}`} onClick={() => use(t.target)}>
              Use
            </button>
          </div>
          <code className="mono demo-target-address">{t.target}</code>
          <p className="muted demo-target-about">{t.about}</p>
        </li>
      ))}
    </ul>
    </details>
  );
}
