// Where the built pieces are, in development (`electron .` from the repo) and packaged
// (out/ inside app.asar, protos/ as an extraResource beside it).
import { join } from 'node:path';

export interface AppLocationsInput {
  isPackaged: boolean;
  /** app.getAppPath(): the repo root in development, .../resources/app.asar when packaged. */
  appPath: string;
  /** process.resourcesPath. */
  resourcesPath: string;
  /** The directory of main.cjs (out/main). */
  mainDir: string;
}

export interface AppLocations {
  rendererRoot: string;
  preloadPath: string;
  /** The folder holding protos/: GRPC_WORKBENCH_RESOURCES for the engine. */
  resourcesRoot: string;
}

export function appLocations(input: AppLocationsInput): AppLocations {
  return {
    rendererRoot: join(input.mainDir, '..', 'renderer'),
    preloadPath: join(input.mainDir, '..', 'preload', 'preload.cjs'),
    resourcesRoot: input.isPackaged ? input.resourcesPath : input.appPath,
  };
}
