import { describe, expect, it } from 'vitest';
import type { ChannelName, EventBatch, PickRequest } from '../../shared/contract';
import { err, ok } from '../../shared/result';
import type { WorkbenchEngine } from '../engine/engine-api';
import { electronShellInfo, withShellChannels } from './shell-channels';

function recordingEngine() {
  const calls: Array<[ChannelName, unknown]> = [];
  let disposed = 0;
  const listeners: Array<(batch: EventBatch) => void> = [];
  const engine = {
    invoke: async (channel: ChannelName, request: unknown) => {
      calls.push([channel, request]);
      return ok([{ id: 'from-engine' }]);
    },
    onEvents: (listener: (batch: EventBatch) => void) => {
      listeners.push(listener);
      return () => undefined;
    },
    dispose: async () => {
      disposed += 1;
    },
  } as unknown as WorkbenchEngine;
  return { engine, calls, listeners, disposedCount: () => disposed };
}

describe('withShellChannels', () => {
  const info = electronShellInfo({ platform: 'linux', version: '0.1.0', homeDir: '/home/me' });

  it('answers files:pick with the native dialog and never asks the engine', async () => {
    const recording = recordingEngine();
    const picks: PickRequest[] = [];
    const wrapped = withShellChannels(recording.engine, {
      pick: async (request) => {
        picks.push(request);
        return ok(['/x.proto']);
      },
      info: () => info,
    });
    expect(await wrapped.invoke('files:pick', { kind: 'proto_files', multiple: true })).toEqual(ok(['/x.proto']));
    expect(picks).toEqual([{ kind: 'proto_files', multiple: true }]);
    expect(recording.calls).toEqual([]);
  });

  it('answers shell:info for Electron with native dialogs', async () => {
    const recording = recordingEngine();
    const wrapped = withShellChannels(recording.engine, { pick: async () => err('INTERNAL', 'unused'), info: () => info });
    expect(await wrapped.invoke('shell:info', {})).toEqual(
      ok({ shell: 'electron', platform: 'linux', version: '0.1.0', nativeDialogs: true, homeDir: '/home/me' }),
    );
    expect(recording.calls).toEqual([]);
  });

  it('passes every other channel, events and dispose to the engine', async () => {
    const recording = recordingEngine();
    const wrapped = withShellChannels(recording.engine, { pick: async () => err('INTERNAL', 'unused'), info: () => info });
    await wrapped.invoke('protos:list', {});
    await wrapped.invoke('files:list', { path: '/tmp' });
    expect(recording.calls).toEqual([
      ['protos:list', {}],
      ['files:list', { path: '/tmp' }],
    ]);
    const seen: EventBatch[] = [];
    wrapped.onEvents((batch) => seen.push(batch));
    recording.listeners[0]?.({ seq: 1, events: [] });
    expect(seen).toEqual([{ seq: 1, events: [] }]);
    await wrapped.dispose();
    expect(recording.disposedCount()).toBe(1);
  });
});
