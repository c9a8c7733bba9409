import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectWorkbench } from './bridge/connect-workbench';
import { startMonacoPreload } from './monaco/monaco-preload';
import { setWorkbenchApi } from './services/api-handle';
import { startCollectionSync } from './services/collection-sync';
import { startHealthSync } from './services/health-sync';
import { startLoadTestSync } from './services/load-test-actions';
import { startMockSync } from './services/mock-actions';
import { startShownCallsReporter } from './services/shown-calls-reporter';
import { startHistoryRecorder } from './services/history-recorder';
import { startCheckRunner } from './services/check-runner';
import { startMenuCommands } from './services/menu-commands';
import { restoreWorkspace, startWorkspaceAutosave } from './services/workspace-sync';
import { useAppStore } from './store/app-store';
import { startEventPump } from './store/event-pump';
import './styles/theme.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/sidebar.css';
import './styles/request.css';
import './styles/response.css';
import './styles/dialogs.css';
import './styles/workspace.css';
import './styles/live-calls.css';
import './styles/snapshot.css';
import './styles/protocol.css';
import './styles/load-test.css';
import './styles/mock.css';
import './styles/checks.css';

async function start(): Promise<void> {
  startMonacoPreload(); // its own chunk, loaded once services or a tab are there
  const root = createRoot(document.getElementById('root') as HTMLElement);
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );

  const connection = await connectWorkbench();
  setWorkbenchApi(connection);
  const store = useAppStore.getState();
  store.setBridge(connection.status());
  connection.onStatus((status) => useAppStore.getState().setBridge(status));
  startEventPump(connection);
  startCollectionSync(connection);
  startHealthSync(connection);
  startLoadTestSync(connection);
  startMockSync(connection);
  startHistoryRecorder();
  startCheckRunner();
  startShownCallsReporter();
  startMenuCommands();
  await restoreWorkspace();
  startWorkspaceAutosave();
}

void start();
