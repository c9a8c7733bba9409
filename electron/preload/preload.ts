// Sandboxed preload: it may require only 'electron' (everything from shared/ is bundled in).
// It exposes window.workbench and nothing raw.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { WORKBENCH_GLOBAL } from './electron-workbench-api';
import { createWorkbenchBridge } from './workbench-bridge';

const api = createWorkbenchBridge({
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  on: (channel, listener) => ipcRenderer.on(channel, listener),
  removeListener: (channel, listener) => ipcRenderer.removeListener(channel, listener),
  getPathForFile: (file) => webUtils.getPathForFile(file),
});

contextBridge.exposeInMainWorld(WORKBENCH_GLOBAL, api);
