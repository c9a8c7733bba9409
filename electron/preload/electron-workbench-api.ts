// The window.workbench shape lives in the contract (shared/electron-api.ts); re-exported for the glue.
export { WORKBENCH_GLOBAL, type ElectronWorkbenchApi } from '../../shared/electron-api';
