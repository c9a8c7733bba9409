import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { removeProtoSet, startDemoServer } from '../../services/catalog-actions';
import { useAppStore } from '../../store/app-store';
import { CollectionsSection } from '../collections/CollectionsSection';
import { DemoTargets } from './DemoTargets';
import { MockServerControls } from '../mock/MockServerControls';
import { buildCatalogTree, sourceLabel } from './catalog-tree';
import { ServiceTree } from './ServiceTree';

export function Sidebar() {
  const protoSets = useAppStore((s) => s.protoSets);
  const filter = useAppStore((s) => s.serviceFilter);
  const setFilter = useAppStore((s) => s.setServiceFilter);
  const openImport = useAppStore((s) => s.setImportDialogOpen);
  const demo = useAppStore(useShallow((s) => ({ running: s.demo.running, busy: s.demo.busy, address: s.demo.address })));
  const historyOpen = useAppStore((s) => s.historyOpen);
  const roots = useMemo(() => buildCatalogTree(protoSets, filter), [protoSets, filter]);
  const methodCount = useMemo(() => protoSets.reduce((n, set) => n + set.packages.reduce((m, p) => m + p.services.reduce((k, s) => k + s.methods.length, 0), 0), 0), [protoSets]);

  return (
    <aside className="sidebar" aria-label="Catalog">
      <div className="sidebar-header">
        <span className="sidebar-title">gRPC Workbench</span>
      </div>
      <div className="sidebar-actions">
        <button type="button" className="btn btn-primary btn-block" onClick={() => openImport(true)}>
          <Icon name="upload" />
          Import protos
        </button>
        <button
          type="button"
          className="btn btn-block"
          onClick={() => void startDemoServer()}
          disabled={demo.busy}
          title={demo.running && demo.address ? `Running at ${demo.address}; click to use it in the current tab` : 'Start the built-in demo server (all four call kinds)'}
        >
          <Icon name="server" />
          Start demo server
        </button>
        <DemoTargets />
        <MockServerControls />
        <div className="sidebar-action-row">
          <button type="button" className="btn btn-small" onClick={() => useAppStore.getState().setWorkspaceDialog({ kind: 'grpcurl_import' })} title="Paste a grpcurl command: it opens as a tab">
            Import grpcurl command
          </button>
          <button type="button" className="btn btn-small" aria-expanded={historyOpen} onClick={() => useAppStore.getState().setHistoryOpen(!historyOpen)} title="Past calls, newest first">
            History
          </button>
        </div>
      </div>
      <CollectionsSection />
      <div className="sidebar-search">
        <Icon name="search" size={14} className="search-icon" />
        <input
          type="search"
          className="input search-input"
          aria-label="Filter services"
          placeholder="Filter services"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && filter !== '') {
              e.preventDefault();
              setFilter('');
            }
          }}
        />
      </div>
      <div className="sidebar-section-title">
        <span>Services</span>
        {methodCount > 0 ? <span className="muted">{methodCount} methods</span> : null}
      </div>
      <div className="sidebar-tree">
        {protoSets.length === 0 ? (
          <EmptyState title="No services yet" compact>
            Start the demo server or import your .proto files.
          </EmptyState>
        ) : roots.length === 0 ? (
          <EmptyState title="No match" compact>
            Nothing matches “{filter}”.
          </EmptyState>
        ) : null}
        {/* The tree stays mounted (even empty) so "Services" is always there to find. */}
        <ServiceTree roots={roots} filtering={filter.trim() !== ''} />
      </div>
      {protoSets.length > 0 ? (
        <div className="sidebar-sources">
          <div className="sidebar-section-title">
            <span>Proto sets</span>
          </div>
          <ul className="source-list">
            {protoSets.map((set) => {
              const label = sourceLabel(set.source);
              return (
                <li key={set.id} className="source-row" title={`${set.fileCount} files · ${set.fromCache ? 'from cache' : 'compiled'} in ${Math.round(set.elapsedMs)} ms`}>
                  <Icon name={set.source.kind === 'reflection' || set.source.kind === 'demo' ? 'server' : 'file'} size={14} />
                  <span className="source-label">{label}</span>
                  <button type="button" className="icon-btn" aria-label={`Remove ${label}`} onClick={() => void removeProtoSet(set.id)}>
                    <Icon name="close" size={12} />
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </aside>
  );
}
