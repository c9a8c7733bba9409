// What the Electron preload exposes as window.workbench: the contract's WorkbenchApi plus two
// Electron-only helpers. The browser shell has neither; the renderer checks for them.
import type { WorkbenchApi } from './contract';

/** Commands the native menu sends to the renderer on a dedicated, fixed channel. */
export const MENU_COMMAND_CHANNEL = 'menu:command';
export const MENU_COMMANDS = ['menu:importProtos', 'menu:startDemoServer'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}

export interface ElectronWorkbenchApi extends WorkbenchApi {
  /**
   * The absolute path of a File from a drop event or <input type=file> (Electron 32+ removed
   * File.path). Returns '' for a File that does not come from disk (e.g. constructed in JS).
   */
  pathForFile(file: File): string;
  /** Subscribe to native menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

/** The name under which the preload exposes the API: window.workbench. */
export const WORKBENCH_GLOBAL = 'workbench';
