import type { WorkbenchApi } from '../../shared/contract';

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
}
