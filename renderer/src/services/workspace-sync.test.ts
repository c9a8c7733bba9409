// The renderer's side of "nothing lost": a set-aside workspace file is named in a notice, and
// a tab whose workspace was saved by another tab stops saving (with a notice) instead of
// overwriting it. The engine side (real files) is tested in electron/engine/workspace.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChannelName, ChannelRequest, ChannelResponse, WorkbenchApi, WorkspaceLoadResult } from '../../../shared/contract';
import { err, ok, type Result } from '../../../shared/result';

type Saved = ChannelRequest<'workspace:save'>;

/** An engine that answers only the workspace channels, the way the test scripts them. */
function fakeApi(load: Result<WorkspaceLoadResult>, answerSave: (request: Saved) => Result<null>) {
  const saves: Saved[] = [];
  const api: WorkbenchApi = {
    invoke: async <C extends ChannelName>(channel: C, request: ChannelRequest<C>): Promise<Result<ChannelResponse<C>>> => {
      if (channel === 'workspace:load') return load as Result<ChannelResponse<C>>;
      if (channel === 'workspace:save') {
        saves.push(request as Saved);
        return answerSave(request as Saved) as Result<ChannelResponse<C>>;
      }
      return err('UNSUPPORTED', `${channel} is not part of this test`);
    },
    onEvents: () => () => undefined,
  };
  return { api, saves };
}

/** A fresh renderer (store and workspace sync) per test, as a newly opened tab has. */
async function openTab(api: WorkbenchApi) {
  vi.resetModules();
  const { setWorkbenchApi } = await import('./api-handle');
  const sync = await import('./workspace-sync');
  const { useAppStore } = await import('../store/app-store');
  setWorkbenchApi(api);
  await sync.restoreWorkspace();
  const stop = sync.startWorkspaceAutosave();
  /** Changes something the workspace holds and sends the save now (as a closing tab does). */
  const edit = async (cap: number) => {
    useAppStore.getState().setRetentionCap(cap);
    window.dispatchEvent(new Event('pagehide'));
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { sync, store: useAppStore, stop, edit };
}

beforeEach(() => {
  vi.stubGlobal('window', new EventTarget());
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('workspace sync', () => {
  it('names the set-aside file in a notice and saves a fresh workspace', async () => {
    const path = '/data/workspace.json.newer-2030-01-02T03-04-05-678Z';
    const { api, saves } = fakeApi(ok({ state: null, revision: null, setAside: { path, reason: 'newer_version' } }), () => ok(null));
    const tab = await openTab(api);
    expect(tab.store.getState().notice).toMatchObject({ tone: 'error' });
    expect(tab.store.getState().notice?.text).toContain(path);
    expect(tab.store.getState().notice?.text).toContain('newer version');

    await tab.edit(1_000);
    expect(saves).toHaveLength(1);
    expect(saves[0]).toMatchObject({ version: 1, baseRevision: null });
    expect(saves[0]?.pageId).toMatch(/^[0-9a-f]{32}$/);
    tab.stop();
  });

  it('stops saving, with a notice, once another tab saved the workspace', async () => {
    let refuse = false;
    const { api, saves } = fakeApi(ok({ state: { version: 1, data: {} }, revision: 'r1', setAside: null }), () =>
      refuse ? err('IO', 'changed elsewhere', { conflict: true }) : ok(null),
    );
    const tab = await openTab(api);
    await tab.edit(1_000);
    await tab.edit(50_000);
    // Every save is based on the revision this tab loaded, under the same page id.
    expect(saves.map((s) => [s.baseRevision, s.pageId])).toEqual([
      ['r1', saves[0]?.pageId],
      ['r1', saves[0]?.pageId],
    ]);
    expect(tab.store.getState().notice).toBeNull();

    refuse = true;
    await tab.edit(100_000);
    expect(saves).toHaveLength(3);
    expect(tab.store.getState().notice?.text).toBe(tab.sync.WORKSPACE_CHANGED_ELSEWHERE);

    // Read-only from now on: further changes send nothing.
    await tab.edit(10_000);
    tab.stop();
    expect(saves).toHaveLength(3);
  });

  it('does not save over a workspace that could not be read', async () => {
    const { api, saves } = fakeApi(err('IO', 'Could not read the saved workspace: EACCES'), () => ok(null));
    const tab = await openTab(api);
    expect(tab.store.getState().notice?.text).toContain('EACCES');
    await tab.edit(1_000);
    tab.stop();
    expect(saves).toHaveLength(0);
  });
});

describe('tabs opened while the workspace was being restored', () => {
  it('are kept after the restored tabs, and the one in front stays in front', async () => {
    vi.resetModules();
    const { withTabsOpenedMeanwhile } = await import('./workspace-sync');
    const { createRequestTab } = await import('../store/request-tab');
    const tab = (name: string) => createRequestTab({ method: { protoSetId: 'ps' as never, service: 'demo.v1.DemoService', method: name }, methodName: name, kind: 'unary', body: `{"from":"${name}"}` });
    const restoredA = tab('Echo');
    const restoredB = tab('Fail');
    const opened = { ...tab('CountUp'), body: '{"count": 3}' };
    expect(withTabsOpenedMeanwhile([restoredA, restoredB], restoredB.id, [], null)).toEqual([[restoredA, restoredB], restoredB.id]);
    const [tabs, active] = withTabsOpenedMeanwhile([restoredA, restoredB], restoredB.id, [opened], opened.id);
    expect(tabs.map((t) => t.methodName)).toEqual(['Echo', 'Fail', 'CountUp']);
    expect(tabs[2]?.body).toBe('{"count": 3}');
    expect(active).toBe(opened.id);
  });
});
