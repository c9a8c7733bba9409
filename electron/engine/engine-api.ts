import type { WorkbenchApi } from '../../shared/contract';
import type { SecretStore } from './secrets/secret-store';

/**
 * The engine as both shells see it: the contract's invoke + events, and a clean shutdown
 * (every call cancelled, every channel closed, the demo server stopped).
 * Implemented by createWorkbenchEngine in workbench-engine.ts.
 */
export interface WorkbenchEngine extends WorkbenchApi {
  dispose(): Promise<void>;
}

export interface EngineOptions {
  /** Where the workspace, the descriptor cache and recorded streams live. */
  dataDir: string;
  shell: 'electron' | 'browser';
  /** Messages kept per call for the UI; older ones are counted, not kept. */
  retainMessages?: number;
  /** Where secret values are kept (Electron: safeStorage); the OS keychain through @napi-rs/keyring when absent. */
  secrets?: () => Promise<SecretStore>;
}
