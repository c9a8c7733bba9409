import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appLocations } from './app-locations';

describe('appLocations', () => {
  it('uses the repository in development', () => {
    expect(appLocations({ isPackaged: false, appPath: '/repo', resourcesPath: '/repo/node_modules/electron/dist/resources', mainDir: '/repo/out/main' })).toEqual({
      rendererRoot: join('/repo/out/renderer'),
      preloadPath: join('/repo/out/preload/preload.cjs'),
      resourcesRoot: '/repo',
    });
  });

  it('reads out/ from the asar and protos/ from the resources folder when packaged', () => {
    const resources = '/opt/gRPC Workbench/resources';
    expect(appLocations({ isPackaged: true, appPath: `${resources}/app.asar`, resourcesPath: resources, mainDir: `${resources}/app.asar/out/main` })).toEqual({
      rendererRoot: join(resources, 'app.asar/out/renderer'),
      preloadPath: join(resources, 'app.asar/out/preload/preload.cjs'),
      resourcesRoot: resources,
    });
  });
});
