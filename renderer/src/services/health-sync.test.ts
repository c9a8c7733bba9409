import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventBatch, WorkbenchApi } from '../../../shared/contract';
import { asChannelId } from '../../../shared/ids';
import { useAppStore } from '../store/app-store';
import { claimHealthWatch, healthOf, useHealthStore } from '../store/health-store';
import type { RequestTab } from '../store/request-tab';
import { startHealthSync } from './health-sync';

const channelId = asChannelId('ch-1');

function fakeApi() {
  let listener: ((batch: EventBatch) => void) | null = null;
  const invoke = vi.fn(async () => ({ ok: true as const, value: null }));
  const api = { invoke, onEvents: (l: (batch: EventBatch) => void) => ((listener = l), () => (listener = null)) } as unknown as WorkbenchApi;
  let seq = 0;
  const send = (watchId: string, status: 'SERVING' | 'NOT_SERVING' | null, ended: string | null = null, interrupted: string | null = null) =>
    listener?.({ seq: ++seq, events: [{ kind: 'health', watchId, channelId, at: Date.now(), status, ended, interrupted }] });
  return { api, invoke, send };
}

const tab = (id: string) => ({ id }) as unknown as RequestTab;

describe('health sync', () => {
  let stop: () => void = () => undefined;
  afterEach(() => {
    stop();
    useAppStore.setState({ tabs: [] });
    useHealthStore.setState({ byOwner: {} });
  });

  it('follows a watch, and stops it when its tab closes', () => {
    const { api, invoke, send } = fakeApi();
    useAppStore.setState({ tabs: [tab('a'), tab('b')] });
    stop = startHealthSync(api);
    useHealthStore.getState().update('a', { watch: true, watchId: 'w1' });

    send('w1', 'NOT_SERVING');
    expect(healthOf('a').status).toBe('NOT_SERVING');

    useAppStore.setState({ tabs: [tab('b')] });
    expect(invoke).toHaveBeenCalledWith('health:unwatch', { watchId: 'w1' });
    expect(useHealthStore.getState().byOwner.a).toBeUndefined();
  });

  it('keeps the statuses that arrive before health:watch answers, and shows why a watch ended', () => {
    const { api, send } = fakeApi();
    useAppStore.setState({ tabs: [tab('a')] });
    stop = startHealthSync(api);
    useHealthStore.getState().update('a', { watch: true });

    send('w2', 'SERVING');
    claimHealthWatch('a', 'w2', channelId);
    expect(healthOf('a')).toMatchObject({ status: 'SERVING', watchId: 'w2', channelId });

    // A broken stream the engine opens again: the watch stays on and says why it waits.
    send('w2', null, null, 'Health Watch failed: the connection was refused. Watching again in 1 s.');
    expect(healthOf('a')).toMatchObject({ watch: true, watchId: 'w2', status: null, problem: 'Health Watch failed: the connection was refused. Watching again in 1 s.' });
    send('w2', 'SERVING');
    expect(healthOf('a')).toMatchObject({ watch: true, status: 'SERVING', problem: null });

    send('w2', null, 'The server at 127.0.0.1:1 ended the health watch.');
    expect(healthOf('a')).toMatchObject({ watch: false, watchId: null, status: null, problem: 'The server at 127.0.0.1:1 ended the health watch.' });
  });
});
