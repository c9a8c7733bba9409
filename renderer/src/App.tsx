import { useEffect } from 'react';
import { Sidebar } from './features/catalog/Sidebar';
import { HostFilePicker } from './features/import/HostFilePicker';
import { ImportDialog } from './features/import/ImportDialog';
import { RequestWorkspace } from './features/request/RequestWorkspace';
import { NoticeToast } from './features/shell/NoticeToast';
import { StatusBar } from './features/shell/StatusBar';
import { primaryAction } from './services/call-actions';
import { useAppStore } from './store/app-store';

export function App() {
  const importOpen = useAppStore((s) => s.importDialogOpen);
  const hostPicker = useAppStore((s) => s.hostPicker);
  useGlobalShortcuts();

  return (
    <div className="app">
      <Sidebar />
      <RequestWorkspace />
      <StatusBar />
      {importOpen ? <ImportDialog /> : null}
      {hostPicker ? <HostFilePicker request={hostPicker} /> : null}
      <NoticeToast />
    </div>
  );
}

/** Ctrl/Cmd+Enter anywhere outside the editor (the editor binds its own) runs the primary action. */
function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
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
