import { useCallback, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/app-store';
import { LiveCallsButton, LiveCallsPanel } from './LiveCalls';
import { useLiveCalls } from './use-live-calls';

/** The bottom bar: link to the engine, demo server, shell. */
export function StatusBar() {
  const bridge = useAppStore((s) => s.bridge);
  const demo = useAppStore(useShallow((s) => ({ running: s.demo.running, address: s.demo.address })));
  const shell = useAppStore((s) => s.shellInfo);
  const running = useAppStore((s) => Object.values(s.calls).filter((c) => c.phase !== 'ended').length);
  const [liveOpen, setLiveOpen] = useState(false);
  const live = useLiveCalls(liveOpen);
  const closeLive = useCallback(() => setLiveOpen(false), []);

  let bridgeText: string;
  let bridgeTitle: string | undefined;
  switch (bridge.state) {
    case 'connected':
      bridgeText = 'Connected';
      bridgeTitle = shell ? `Engine connected (${shell.shell} shell)` : 'Engine connected';
      break;
    case 'connecting':
      bridgeText = 'Connecting…';
      break;
    case 'reconnecting':
      bridgeText = `Reconnecting… (attempt ${bridge.attempt})`;
      bridgeTitle = bridge.reason;
      break;
    case 'failed':
      bridgeText = 'Disconnected';
      bridgeTitle = bridge.reason;
      break;
  }

  return (
    <>
      {/* Outside the footer, which clips what overflows it. */}
      {liveOpen ? <LiveCallsPanel live={live} onClose={closeLive} /> : null}
      <footer className="status-bar">
        <span className={`status-item bridge-${bridge.state}`} title={bridgeTitle} role="status" aria-label="Engine connection">
          <span className="status-dot" aria-hidden="true" />
          {bridgeText}
        </span>
        {bridge.state === 'failed' ? <span className="status-item status-error">{bridge.reason}</span> : null}
        {demo.running && demo.address ? (
          <span className="status-item" title="The built-in demo server">
            Demo server <span className="mono">{demo.address}</span>
          </span>
        ) : null}
        {running > 0 ? <span className="status-item">{running} call{running === 1 ? '' : 's'} running</span> : null}
        <LiveCallsButton count={live.calls.length} open={liveOpen} onToggle={() => setLiveOpen((open) => !open)} />
        <span className="toolbar-spacer" />
        {shell ? (
          <span className="status-item muted">
            gRPC Workbench {shell.version} · {shell.shell}
          </span>
        ) : null}
      </footer>
    </>
  );
}
