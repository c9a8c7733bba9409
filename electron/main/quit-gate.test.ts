import { describe, expect, it } from 'vitest';
import { createQuitGate } from './quit-gate';

function quitEvent() {
  const event = { prevented: 0, preventDefault: () => void (event.prevented += 1) };
  return event;
}
function deferred() {
  let resolve: () => void = () => undefined;
  let reject: (cause: unknown) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createQuitGate', () => {
  it('holds the first quit until dispose finishes, then quits once and lets the second quit through', async () => {
    const disposal = deferred();
    let disposeCalls = 0;
    let quits = 0;
    const gate = createQuitGate({
      dispose: () => {
        disposeCalls += 1;
        return disposal.promise;
      },
      quit: () => void (quits += 1),
      timeoutMs: 10_000,
      onError: () => undefined,
    });
    const first = quitEvent();
    gate(first);
    expect(first.prevented).toBe(1);
    const impatient = quitEvent();
    gate(impatient); // Cmd+Q pressed again while disposing: still held, dispose not restarted
    expect(impatient.prevented).toBe(1);
    await flush();
    expect(disposeCalls).toBe(1);
    expect(quits).toBe(0);

    disposal.resolve();
    await flush();
    expect(quits).toBe(1);
    const second = quitEvent();
    gate(second);
    expect(second.prevented).toBe(0);
  });

  it('quits even when dispose fails, and reports it', async () => {
    const errors: string[] = [];
    let quits = 0;
    const gate = createQuitGate({ dispose: async () => Promise.reject(new Error('channel stuck')), quit: () => void (quits += 1), timeoutMs: 10_000, onError: (m) => void errors.push(m) });
    gate(quitEvent());
    await flush();
    expect(quits).toBe(1);
    expect(errors).toEqual([expect.stringContaining('channel stuck')]);
  });

  it('gives up on a dispose that never finishes after the timeout', async () => {
    const errors: string[] = [];
    let quits = 0;
    const gate = createQuitGate({ dispose: () => new Promise<void>(() => undefined), quit: () => void (quits += 1), timeoutMs: 50, onError: (m) => void errors.push(m) });
    const started = Date.now();
    gate(quitEvent());
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(quits).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    expect(errors).toEqual([expect.stringContaining('50 ms')]);
  });
});
