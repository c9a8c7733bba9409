import { describe, expect, it } from 'vitest';
import type { ChannelName, WorkbenchApi } from '../../../shared/contract';
import { ok, type Result } from '../../../shared/result';
import { createValidatedDispatch } from './validated-dispatch';

function recordingEngine(answer: (channel: ChannelName, request: unknown) => Promise<Result<unknown>>) {
  const calls: { channel: ChannelName; request: unknown }[] = [];
  const engine: Pick<WorkbenchApi, 'invoke'> = {
    invoke: ((channel: ChannelName, request: unknown) => {
      calls.push({ channel, request });
      return answer(channel, request);
    }) as WorkbenchApi['invoke'],
  };
  return { engine, calls };
}

describe('createValidatedDispatch', () => {
  it('passes a valid request to the engine and returns its Result', async () => {
    const { engine, calls } = recordingEngine(async () => ok({ port: 1 }));
    const dispatch = createValidatedDispatch(engine);
    await expect(dispatch('demo:start', { port: 5 })).resolves.toEqual({ ok: true, value: { port: 1 } });
    expect(calls).toEqual([{ channel: 'demo:start', request: { port: 5 } }]);
  });

  it('never lets an invalid request or unknown channel reach the engine', async () => {
    const { engine, calls } = recordingEngine(async () => ok(null));
    const dispatch = createValidatedDispatch(engine);
    const bad = await dispatch('demo:start', { port: 'x' });
    const unknown = await dispatch('engine:shutdown', {});
    expect(bad.ok || unknown.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatchObject({ code: 'INVALID_REQUEST' });
    if (!unknown.ok) expect(unknown.error).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(calls).toEqual([]);
  });

  it('turns an exception thrown by the engine (sync or async) into INTERNAL', async () => {
    const asyncThrow = createValidatedDispatch(recordingEngine(async () => { throw new Error('disk on fire'); }).engine);
    const syncThrow = createValidatedDispatch({ invoke: (() => { throw new TypeError('bad wiring'); }) as WorkbenchApi['invoke'] });
    const a = await asyncThrow('protos:list', {});
    const s = await syncThrow('protos:list', {});
    expect(a).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(s).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!a.ok) expect(a.error.message).toContain('protos:list failed unexpectedly inside the engine: disk on fire');
    if (!s.ok) expect(s.error.message).toContain('bad wiring');
  });

  it('reports an engine answer that is not a Result as INTERNAL', async () => {
    const dispatch = createValidatedDispatch(recordingEngine(async () => 'oops' as unknown as Result<unknown>).engine);
    await expect(dispatch('protos:list', {})).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
