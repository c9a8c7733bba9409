import { useEffect } from 'react';
import { Sidebar } from './features/catalog/Sidebar';
import { CollectionDialog } from './features/collections/CollectionDialogs';
import { EnvironmentsDialog } from './features/collections/EnvironmentsDialog';
import { HistoryPanel } from './features/history/HistoryPanel';
import { MockServerPanel } from './features/mock/MockServerPanel';
import { GrpcurlImportDialog } from './features/import/GrpcurlImportDialog';
import { InsomniaImportDialog } from './features/import/InsomniaImportDialog';
import { PreviewRequestDialog } from './features/request/PreviewRequestDialog';
import { saveTab } from './services/collection-actions';
import { HostFilePicker } from './features/import/HostFilePicker';
import { ImportDialog } from './features/import/ImportDialog';
import { RequestWorkspace } from './features/request/RequestWorkspace';
import { NoticeToast } from './features/shell/NoticeToast';
import { StatusBar } from './features/shell/StatusBar';
import { primaryAction } from './services/call-actions';
import { useAppStore } from './store/app-store';
import { useMockStore } from './store/mock-store';

export function App() {
  const importOpen = useAppStore((s) => s.importDialogOpen);
  const hostPicker = useAppStore((s) => s.hostPicker);
  const dialog = useAppStore((s) => s.workspaceDialog);
  const historyOpen = useAppStore((s) => s.historyOpen);
  const mockPanelOpen = useMockStore((s) => s.panelOpen);
  useGlobalShortcuts();

  return (
    <div className={mockPanelOpen ? 'app with-mock-panel' : 'app'}>
      <Sidebar />
      <RequestWorkspace />
      <StatusBar />
      {historyOpen ? <HistoryPanel /> : null}
      {mockPanelOpen ? <MockServerPanel /> : null}
      {importOpen ? <ImportDialog /> : null}
      {dialog?.kind === 'environments' ? <EnvironmentsDialog folder={dialog.folder} /> : null}
      {dialog?.kind === 'grpcurl_import' ? <GrpcurlImportDialog /> : null}
      {dialog?.kind === 'insomnia_import' ? <InsomniaImportDialog /> : null}
      {dialog?.kind === 'preview_request' ? <PreviewRequestDialog tabId={dialog.tabId} /> : null}
      {dialog ? <CollectionDialog dialog={dialog} /> : null}
      {hostPicker ? <HostFilePicker request={hostPicker} /> : null}
      <NoticeToast />
    </div>
  );
}

/**
 * Ctrl/Cmd+Enter anywhere outside the editor (the editor binds its own) runs the primary
 * action; Ctrl/Cmd+S anywhere (the editor too) saves the current request.
 */
function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.key === 's' || event.key === 'S') && (event.ctrlKey || event.metaKey) && !event.altKey) {
        event.preventDefault(); // never the browser's "Save page"
        const { activeTabId, workspaceDialog } = useAppStore.getState();
        if (activeTabId !== null && workspaceDialog === null) void saveTab(activeTabId);
        return;
      }
      if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || event.defaultPrevented) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('.monaco-editor, dialog')) return;
      const { activeTabId } = useAppStore.getState();
      if (activeTabId === null) return;
      event.preventDefault();
      primaryAction(activeTabId);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
