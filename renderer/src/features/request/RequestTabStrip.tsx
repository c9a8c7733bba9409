import { KindBadge } from '../../components/KindBadge';
import { Icon } from '../../components/Icon';
import { useAppStore } from '../../store/app-store';
import { isCallRunning } from '../../store/call-record';
import { closeRequestTab } from '../../services/call-actions';
import { isTabDirty } from '../../store/request-document-model';

/** The open request tabs. Middle-click or the × closes one. */
export function RequestTabStrip() {
  // Primitive selections only: a selector that builds new objects each time would re-render forever.
  const allTabs = useAppStore((s) => s.tabs);
  const running = useAppStore((s) =>
    s.tabs
      .filter((t) => t.starting || (t.callId !== null && isCallRunning(s.calls[t.callId])))
      .map((t) => t.id)
      .join(' '),
  );
  const runningIds = running.split(' ');
  const tabs = allTabs.map((t) => ({
    id: t.id,
    name: t.saved?.name ?? t.methodName,
    service: t.method.service,
    method: t.methodName,
    kind: t.kind,
    running: runningIds.includes(t.id),
    dirty: isTabDirty(t),
    conflict: t.conflict !== null,
  }));
  const activeTabId = useAppStore((s) => s.activeTabId);
  const activate = useAppStore((s) => s.activateTab);
  // Unsaved edits are never lost silently: closing a dirty tab asks first.
  const close = (tabId: string) => {
    const tab = tabs.find((t) => t.id === tabId);
    if (tab?.dirty && !window.confirm(`"${tab.name}" has unsaved changes. Close it and lose them?`)) return;
    closeRequestTab(tabId);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.findIndex((t) => t.id === activeTabId);
    let next = -1;
    if (event.key === 'ArrowRight') next = (index + 1) % tabs.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + tabs.length) % tabs.length;
    if (next === -1) return;
    event.preventDefault();
    const tab = tabs[next];
    if (!tab) return;
    activate(tab.id);
    document.getElementById(`request-tab-${tab.id}`)?.focus();
  };

  return (
    <div className="request-tabs" role="tablist" aria-label="Requests" onKeyDown={onKeyDown}>
      {tabs.map((tab) => {
        const active = tab.id === activeTabId;
        return (
          <div key={tab.id} className={active ? 'request-tab active' : 'request-tab'} title={`${tab.service}/${tab.method}${tab.dirty ? ' — unsaved changes' : ''}`}>
            <button
              type="button"
              role="tab"
              id={`request-tab-${tab.id}`}
              aria-selected={active}
              tabIndex={active ? 0 : -1}
              className="request-tab-button"
              onClick={() => activate(tab.id)}
              onAuxClick={(e) => {
                if (e.button === 1) close(tab.id);
              }}
            >
              <KindBadge kind={tab.kind} />
              <span className="request-tab-name">{tab.name}</span>
              {tab.dirty ? <span className="dirty-dot" role="img" aria-label="unsaved changes" /> : null}
              {tab.conflict ? <span className="tag tag-warning">conflict</span> : null}
              {tab.running ? <span className="running-dot" aria-hidden="true" title="Running" /> : null}
            </button>
            <button type="button" className="icon-btn request-tab-close" aria-label={`Close ${tab.name}`} title="Close" onClick={() => close(tab.id)}>
              <Icon name="close" size={12} />
            </button>
          </div>
        );
      })}
    </div>
  );
}
