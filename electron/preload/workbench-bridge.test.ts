import { describe, expect, it } from 'vitest';
import { EVENTS_CHANNEL, type ChannelName, type EventBatch } from '../../shared/contract';
import { ok } from '../../shared/result';
import type { MenuCommand } from './menu-commands';
import { createWorkbenchBridge, type BridgeIpc } from './workbench-bridge';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc(answer: (channel: string, payload: unknown) => Promise<unknown> = async (_c, payload) => ok({ got: payload })) {
  const invoked: Array<[string, unknown[]]> = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc: BridgeIpc = {
    invoke: async (channel, ...args) => {
      invoked.push([channel, args]);
      return answer(channel, args[0]);
    },
    on: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
    },
    removeListener: (channel, listener) => void listeners.get(channel)?.delete(listener),
    getPathForFile: (file) => `/dropped/${file.name}`,
  };
  const emit = (channel: string, payload: unknown) => {
    const ipcEvent = { sender: 'the ipcRenderer itself', ports: [] };
    for (const listener of listeners.get(channel) ?? []) listener(ipcEvent, payload);
  };
  return { ipc, invoked, listeners, emit };
}

describe('createWorkbenchBridge', () => {
  it('exposes exactly invoke, onEvents, onMenuCommand and pathForFile', () => {
    const bridge = createWorkbenchBridge(fakeIpc().ipc);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'onEvents', 'onMenuCommand', 'pathForFile']);
  });

  it('invokes contract channels with the request as the single argument', async () => {
    const { ipc, invoked } = fakeIpc();
    const bridge = createWorkbenchBridge(ipc);
    expect(await bridge.invoke('demo:start', { port: null })).toEqual(ok({ got: { port: null } }));
    expect(invoked).toEqual([['demo:start', [{ port: null }]]]);
  });

  it('refuses unknown channels before anything is sent', async () => {
    const { ipc, invoked } = fakeIpc();
    const bridge = createWorkbenchBridge(ipc);
    const result = await bridge.invoke('ELECTRON_BROWSER_REQUIRE' as ChannelName, {} as never);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('INVALID_REQUEST');
    expect(invoked).toEqual([]);
  });

  it('turns a rejected ipc invoke into an INTERNAL result', async () => {
    const { ipc } = fakeIpc(async () => Promise.reject(new Error("No handler registered for 'protos:list'")));
    const result = await createWorkbenchBridge(ipc).invoke('protos:list', {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('No handler registered') });
  });

  it('delivers only the batch to event listeners, and unsubscribes', () => {
    const { ipc, emit, listeners } = fakeIpc();
    const bridge = createWorkbenchBridge(ipc);
    const received: unknown[][] = [];
    const unsubscribe = bridge.onEvents((...args: unknown[]) => void received.push(args));
    const batch: EventBatch = { seq: 1, events: [{ kind: 'demo', running: true, address: '127.0.0.1:5000' }] };
    emit(EVENTS_CHANNEL, batch);
    expect(received).toEqual([[batch]]);
    unsubscribe();
    unsubscribe(); // idempotent
    emit(EVENTS_CHANNEL, { seq: 2, events: [] });
    expect(received).toHaveLength(1);
    expect(listeners.get(EVENTS_CHANNEL)?.size).toBe(0);
  });

  it('keeps listeners independent', () => {
    const { ipc, emit } = fakeIpc();
    const bridge = createWorkbenchBridge(ipc);
    const a: EventBatch[] = [];
    const b: EventBatch[] = [];
    const offA = bridge.onEvents((batch) => void a.push(batch));
    bridge.onEvents((batch) => void b.push(batch));
    offA();
    emit(EVENTS_CHANNEL, { seq: 5, events: [] });
    expect(a).toEqual([]);
    expect(b).toEqual([{ seq: 5, events: [] }]);
  });

  it('passes only known menu commands to menu listeners', () => {
    const { ipc, emit } = fakeIpc();
    const commands: MenuCommand[] = [];
    const off = createWorkbenchBridge(ipc).onMenuCommand((command) => void commands.push(command));
    emit('menu:command', 'menu:startDemoServer');
    emit('menu:command', 'menu:formatDisk');
    emit('menu:command', { command: 'menu:importProtos' });
    emit('menu:command', 'menu:importProtos');
    off();
    emit('menu:command', 'menu:importProtos');
    expect(commands).toEqual(['menu:startDemoServer', 'menu:importProtos']);
  });

  it('resolves dropped files to paths through webUtils', () => {
    const bridge = createWorkbenchBridge(fakeIpc().ipc);
    expect(bridge.pathForFile(new File(['syntax = "proto3";'], 'demo.proto'))).toBe('/dropped/demo.proto');
  });
});
