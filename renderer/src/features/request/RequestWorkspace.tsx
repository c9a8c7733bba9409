import { useEffect, useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { useMonaco } from '../../monaco/monaco-runtime';
import { applyRequestSchemas, requestModelPath } from '../../monaco/request-schemas';
import { useAppStore } from '../../store/app-store';
import { methodKey } from '../../store/request-tab';
import { AddressBar } from './AddressBar';
import { ConnectionSettingsPanel } from './ConnectionSettingsPanel';
import { MetadataEditor } from './MetadataEditor';
import { RequestTabStrip } from './RequestTabStrip';
import { RequestView } from './RequestView';
import { TlsFields } from './TlsFields';
import { ensureMethodDescription } from '../../services/catalog-actions';

/** The main area: request tabs, or, with none open, the server to use and what to do next. */
export function RequestWorkspace() {
  const activeTab = useAppStore((s) => s.tabs.find((t) => t.id === s.activeTabId) ?? null);
  const hasTabs = useAppStore((s) => s.tabs.length > 0);
  useRequestSchemas();

  useEffect(() => {
    if (activeTab) void ensureMethodDescription(activeTab.method);
    // Only when the tab in front changes, not on every keystroke.
  }, [activeTab?.id]);

  return (
    <main className="workspace">
      {hasTabs ? <RequestTabStrip /> : null}
      {activeTab ? <RequestView tab={activeTab} /> : <NoTabOpen />}
    </main>
  );
}

function NoTabOpen() {
  const protoSetCount = useAppStore((s) => s.protoSets.length);
  const tlsOn = useAppStore((s) => s.defaultConnection.tls.enabled);
  const [settingsOpen, setSettingsOpen] = useState(false);
  return (
    <div className="request-view no-tab">
      <header className="request-header">
        <div className="request-title">
          <h1>Server</h1>
        </div>
      </header>
      <AddressBar owner="defaults" settingsOpen={settingsOpen} onToggleSettings={() => setSettingsOpen((o) => !o)} />
      {tlsOn ? <TlsFields owner="defaults" /> : null}
      {settingsOpen ? <ConnectionSettingsPanel owner="defaults" /> : null}
      <div className="no-tab-body">
        <MetadataEditor owner="defaults" />
        <EmptyState title={protoSetCount === 0 ? 'Start the demo server or import your .proto files' : 'Pick a method under Services'}>
          {protoSetCount === 0 ? (
            <ol className="steps">
              <li>
                <strong>Start demo server</strong> (left) runs a built-in service with all four call kinds — the quickest way to try things.
              </li>
              <li>
                Or <strong>Import protos</strong>: add .proto files with their import paths, descriptor sets, or load the services of the server above through
                reflection.
              </li>
              <li>Then pick a method: it opens in a tab with an example request. Press Invoke or Ctrl+Enter.</li>
            </ol>
          ) : (
            <p>Each method opens in its own tab with its own address, TLS, metadata and body. The address above is used for new tabs.</p>
          )}
        </EmptyState>
      </div>
    </div>
  );
}

/** Keep Monaco's JSON schemas in step with the open tabs and the loaded method descriptions. */
function useRequestSchemas(): void {
  const tabs = useAppStore((s) => s.tabs);
  const descriptions = useAppStore((s) => s.descriptions);
  const monacoReady = useMonaco() !== null;
  useEffect(() => {
    const byMethod = new Map<string, { method: (typeof tabs)[number]['method']; modelPaths: string[]; schema: Record<string, unknown> }>();
    for (const tab of tabs) {
      const key = methodKey(tab.method);
      const entry = descriptions[key];
      if (entry?.state !== 'ready') continue;
      const binding = byMethod.get(key) ?? { method: tab.method, modelPaths: [], schema: entry.description.inputSchema };
      binding.modelPaths.push(requestModelPath(tab.id, tab.method));
      byMethod.set(key, binding);
    }
    applyRequestSchemas([...byMethod.values()]);
  }, [tabs, descriptions, monacoReady]);
}
