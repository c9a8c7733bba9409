// The application menu as plain data. Clicks call sendCommand with one of a fixed set of
// commands, which main.ts delivers to the renderer on MENU_COMMAND_CHANNEL.
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../preload/menu-commands';

export interface MenuTemplateInput {
  appName: string;
  isMac: boolean;
  /** Reload and DevTools are for development builds only. */
  isPackaged: boolean;
  sendCommand(command: MenuCommand): void;
}

export function buildMenuTemplate(input: MenuTemplateInput): MenuItemConstructorOptions[] {
  const { appName, isMac, isPackaged, sendCommand } = input;
  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [
        {
          label: appName,
          submenu: [
            { role: 'about' },
            { type: 'separator' },
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { id: 'import-protos', label: 'Import protos…', accelerator: 'CmdOrCtrl+O', click: () => sendCommand('menu:importProtos') },
      { id: 'start-demo-server', label: 'Start demo server', click: () => sendCommand('menu:startDemoServer') },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  };
  const developer: MenuItemConstructorOptions[] = isPackaged
    ? []
    : [{ type: 'separator' }, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }];
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { role: 'resetZoom' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...developer,
    ],
  };
  const help: MenuItemConstructorOptions = { role: 'help', submenu: [{ role: 'about', label: `About ${appName}` }] };
  return [...appMenu, file, edit, view, help];
}
