import { describe, expect, it } from 'vitest';
import { createWindowMessenger, type MessageTarget } from './window-messenger';

function fakeWindow(state: { windowDestroyed?: boolean; contentsDestroyed?: boolean } = {}) {
  const sent: Array<[string, unknown]> = [];
  const target: MessageTarget = {
    isDestroyed: () => state.windowDestroyed ?? false,
    webContents: { isDestroyed: () => state.contentsDestroyed ?? false, send: (channel: string, payload: unknown) => void sent.push([channel, payload]) },
  };
  return { target, sent };
}

describe('createWindowMessenger', () => {
  it('sends to the live window', () => {
    const { target, sent } = fakeWindow();
    expect(createWindowMessenger(() => target)('events:batch', { seq: 1, events: [] })).toBe(true);
    expect(sent).toEqual([['events:batch', { seq: 1, events: [] }]]);
  });

  it('drops messages when there is no window, or it or its page is destroyed', () => {
    expect(createWindowMessenger(() => null)('events:batch', {})).toBe(false);
    for (const state of [{ windowDestroyed: true }, { contentsDestroyed: true }]) {
      const { target, sent } = fakeWindow(state);
      expect(createWindowMessenger(() => target)('events:batch', {})).toBe(false);
      expect(sent).toEqual([]);
    }
  });
});
