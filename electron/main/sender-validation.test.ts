import { describe, expect, it } from 'vitest';
import { checkSender, senderInfoOf, type SenderInfo } from './sender-validation';

const OUR_ID = 7;
const mainFrame = { url: 'app://workbench/index.html', isMainFrame: true };

function sender(overrides: Partial<SenderInfo>): SenderInfo {
  return { webContentsId: OUR_ID, frame: mainFrame, ...overrides };
}

describe('checkSender', () => {
  it('trusts the main frame of our window on our origin', () => {
    expect(checkSender(sender({}), OUR_ID)).toEqual({ trusted: true });
    expect(checkSender(sender({ frame: { url: 'app://workbench/index.html#/tab', isMainFrame: true } }), OUR_ID)).toEqual({ trusted: true });
  });

  it.each<[string, SenderInfo, number | null]>([
    ['another window', sender({ webContentsId: 8 }), OUR_ID],
    ['no window yet', sender({}), null],
    ['a vanished frame', sender({ frame: null }), OUR_ID],
    ['a sub-frame', sender({ frame: { url: 'app://workbench/frame.html', isMainFrame: false } }), OUR_ID],
    ['another origin', sender({ frame: { url: 'https://evil.example/', isMainFrame: true } }), OUR_ID],
    ['another app host', sender({ frame: { url: 'app://evil/index.html', isMainFrame: true } }), OUR_ID],
    ['file://', sender({ frame: { url: 'file:///out/renderer/index.html', isMainFrame: true } }), OUR_ID],
    ['an empty URL', sender({ frame: { url: '', isMainFrame: true } }), OUR_ID],
    ['about:blank', sender({ frame: { url: 'about:blank', isMainFrame: true } }), OUR_ID],
  ])('refuses %s', (_name, info, trustedId) => {
    const verdict = checkSender(info, trustedId);
    expect(verdict.trusted).toBe(false);
    if (!verdict.trusted) expect(verdict.reason.length).toBeGreaterThan(0);
  });
});

describe('senderInfoOf', () => {
  type EventLike = Parameters<typeof senderInfoOf>[0];
  const event = (senderFrame: unknown): EventLike => ({ sender: { id: OUR_ID }, senderFrame }) as unknown as EventLike;

  it('reads the URL and whether the frame has a parent', () => {
    expect(senderInfoOf(event({ url: 'app://workbench/index.html', parent: null }))).toEqual(sender({}));
    expect(senderInfoOf(event({ url: 'app://workbench/x.html', parent: {} })).frame).toEqual({ url: 'app://workbench/x.html', isMainFrame: false });
  });

  it('treats a missing or disposed frame as no frame', () => {
    expect(senderInfoOf(event(null)).frame).toBeNull();
    const disposed = {
      get url(): string {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
      parent: null,
    };
    expect(senderInfoOf(event(disposed)).frame).toBeNull();
  });
});
