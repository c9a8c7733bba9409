import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConnectionSettings } from '../../shared/connection';
import type { DemoServerInfo } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { WorkbenchEngine } from '../../electron/engine/engine-api';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe('connections:list, connections:close and connections:reconnect', () => {
  let dataDir: string;
  let engine: WorkbenchEngine;
  let demo: DemoServerInfo;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gw-connections-'));
    engine = createWorkbenchEngine({ dataDir, shell: 'browser' });
    demo = unwrap(await engine.invoke('demo:start', { port: null }));
  });
  afterAll(async () => {
    await engine.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reflection gives its channel back; the list shows it idle; reconnect keeps it; close says why', async () => {
    const connection = { ...defaultConnectionSettings(demo.address), userAgent: 'connections-test' };
    unwrap(await engine.invoke('protos:reflect', { connection, metadata: [] }));
    const listed = unwrap(await engine.invoke('connections:list', {}));
    const row = listed.find((r) => r.settings.includes('connections-test'));
    expect(row).toMatchObject({ target: demo.address, settings: 'plaintext, user agent "connections-test"', activeCalls: 0, idleSince: expect.any(Number) });
    const channelId = row!.channelId;

    unwrap(await engine.invoke('connections:reconnect', { channelId }));
    expect(unwrap(await engine.invoke('connections:list', {})).some((r) => r.channelId === channelId)).toBe(true);

    unwrap(await engine.invoke('connections:close', { channelId }));
    expect(unwrap(await engine.invoke('connections:list', {})).some((r) => r.channelId === channelId)).toBe(false);
    const again = await engine.invoke('connections:close', { channelId });
    expect(!again.ok && again.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/it was closed already/) });
    const snapshot = unwrap(await engine.invoke('connections:get', { channelId }));
    expect(snapshot.closed?.reason).toMatch(/^Closed from the Connections table/);
  });
});
