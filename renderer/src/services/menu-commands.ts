import type { ElectronWorkbenchApi, MenuCommand } from '../../../shared/electron-api';
import { useAppStore } from '../store/app-store';
import { startDemoServer } from './catalog-actions';

/** Follow the native menu (Electron only; the browser shell has none). Returns the stop function. */
export function startMenuCommands(): () => void {
  const bridge = (globalThis as { workbench?: Partial<ElectronWorkbenchApi> }).workbench;
  if (typeof bridge?.onMenuCommand !== 'function') return () => undefined;
  return bridge.onMenuCommand((command: MenuCommand) => {
    if (command === 'menu:importProtos') useAppStore.getState().setImportDialogOpen(true);
    else if (command === 'menu:startDemoServer') void startDemoServer();
  });
}
