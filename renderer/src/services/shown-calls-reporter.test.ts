import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkbenchApi } from '../../../shared/contract';
import { asCallId, asProtoSetId } from '../../../shared/ids';
import { ok } from '../../../shared/result';
import { useAppStore } from '../store/app-store';
import { createRequestTab } from '../store/request-tab';
import { setWorkbenchApi } from './api-handle';
import { startShownCallsReporter } from './shown-calls-reporter';

afterEach(() => {
  vi.useRealTimers();
});

describe('startShownCallsReporter', () => {
  it("tells the engine the calls the page's tabs show, when they change and again every minute", async () => {
    vi.useFakeTimers();
    const told: unknown[] = [];
    const api: WorkbenchApi = {
      invoke: (async (channel: string, request: unknown) => {
        if (channel === 'calls:shown') told.push(request);
        return ok(null);
      }) as WorkbenchApi['invoke'],
      onEvents: () => () => undefined,
    };
    setWorkbenchApi(api);
    const tab = (callId: string | null) => ({ ...createRequestTab({ method: { protoSetId: asProtoSetId('ps'), service: 'demo.v1.DemoService', method: 'Echo' }, methodName: 'Echo', kind: 'unary' }), callId: callId === null ? null : asCallId(callId) });
    useAppStore.setState({ tabs: [] });
    const stop = startShownCallsReporter();
    expect(told).toEqual([]); // nothing shown, nothing to say
    useAppStore.setState({ tabs: [tab('call-b'), tab(null), tab('call-a')] });
    await vi.advanceTimersByTimeAsync(150);
    expect(told).toEqual([{ pageId: expect.stringMatching(/^[0-9a-f]{32}$/), callIds: ['call-a', 'call-b'] }]);
    useAppStore.setState({ tabs: [tab('call-a'), tab('call-b')] }); // same calls: not told again
    await vi.advanceTimersByTimeAsync(150);
    expect(told).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(told).toHaveLength(2);
    useAppStore.setState({ tabs: [] });
    await vi.advanceTimersByTimeAsync(150);
    expect(told.at(-1)).toMatchObject({ callIds: [] });
    stop();
  });
});
