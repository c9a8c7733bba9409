// The Electron preload exposes the contract's WorkbenchApi as window.workbench (it may add
// Electron-only helpers such as pathForFile; code that needs them checks for them). In the
// browser shell it is absent and the bridge connects to the web host instead.
import type { WorkbenchApi } from '../../../shared/contract';

declare global {
  interface Window {
    workbench?: WorkbenchApi;
  }
}

export {};
