import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../shared/contract';
import { ok, type Result } from '../../shared/result';
import { registerContractHandlers, type IpcHandlerDeps } from './ipc-handlers';

type Handler = (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>;

function setup(trustedId: number | null = 3) {
  const handlers = new Map<string, Handler>();
  const dispatched: Array<[unknown, unknown]> = [];
  const warnings: string[] = [];
  const deps: IpcHandlerDeps = {
    ipcMain: {
      handle: (channel: string, listener: Handler) => void handlers.set(channel, listener),
      removeHandler: (channel: string) => void handlers.delete(channel),
    } as unknown as IpcHandlerDeps['ipcMain'],
    dispatch: async (channel, payload) => {
      dispatched.push([channel, payload]);
      if (channel === 'calls:cancel') throw new Error('boom');
      return ok({ echoed: payload });
    },
    trustedWebContentsId: () => trustedId,
    warn: (message) => void warnings.push(message),
  };
  const unregister = registerContractHandlers(deps);
  const call = (channel: string, event: unknown, payload: unknown) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event as IpcMainInvokeEvent, payload) as Promise<Result<unknown>>;
  };
  return { handlers, dispatched, warnings, unregister, call };
}

const fromOurWindow = { sender: { id: 3 }, senderFrame: { url: 'app://workbench/index.html', parent: null } };

describe('registerContractHandlers', () => {
  it('registers exactly the contract channels and removes them again', () => {
    const { handlers, unregister } = setup();
    expect([...handlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('passes a trusted call to the validated dispatch with its channel', async () => {
    const { call, dispatched } = setup();
    expect(await call('protos:list', fromOurWindow, {})).toEqual(ok({ echoed: {} }));
    expect(dispatched).toEqual([['protos:list', {}]]);
  });

  it.each([
    ['another window', { sender: { id: 4 }, senderFrame: { url: 'app://workbench/index.html', parent: null } }],
    ['an iframe', { sender: { id: 3 }, senderFrame: { url: 'app://workbench/index.html', parent: {} } }],
    ['a foreign page', { sender: { id: 3 }, senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['a vanished frame', { sender: { id: 3 }, senderFrame: null }],
  ])('refuses %s without dispatching', async (_name, event) => {
    const { call, dispatched, warnings } = setup();
    const result = await call('demo:start', event, { port: null });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('INVALID_REQUEST');
    expect(dispatched).toEqual([]);
    expect(warnings).toHaveLength(1);
  });

  it('refuses everything while no window exists', async () => {
    const { call, dispatched } = setup(null);
    expect((await call('protos:list', fromOurWindow, {})).ok).toBe(false);
    expect(dispatched).toEqual([]);
  });

  it("tells the dispatch which page the sender's webContents shows", async () => {
    const seen: unknown[] = [];
    const handlers = new Map<string, Handler>();
    registerContractHandlers({
      ipcMain: { handle: (channel: string, listener: Handler) => void handlers.set(channel, listener), removeHandler: () => undefined } as unknown as IpcHandlerDeps['ipcMain'],
      dispatch: async (_channel, _payload, caller) => {
        seen.push(caller);
        return ok(null);
      },
      trustedWebContentsId: () => 3,
      warn: () => undefined,
      callerOf: (id) => ({ pageId: `electron-${id}-1` }),
    });
    await handlers.get('calls:list')?.(fromOurWindow as unknown as IpcMainInvokeEvent, {});
    expect(seen).toEqual([{ pageId: 'electron-3-1' }]);
  });

  it('turns a throwing dispatch into an INTERNAL result', async () => {
    const { call } = setup();
    const result = await call('calls:cancel', fromOurWindow, { callId: 'c1' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('boom') });
  });
});
