import { describe, expect, it } from 'vitest';
import { asCallId, asProtoSetId } from '../../../shared/ids';
import { createRequestTab } from '../store/request-tab';
import { callControls } from './call-actions';

const tab = (kind: 'unary' | 'bidi_streaming') => createRequestTab({ method: { protoSetId: asProtoSetId('p'), service: 's', method: 'm' }, methodName: 'm', kind });

describe('call controls', () => {
  it('lets a unary tab invoke when idle, cancel while running', () => {
    expect(callControls(tab('unary'), null)).toEqual({ running: false, canInvoke: true, streamOpen: false });
    expect(callControls({ ...tab('unary'), starting: true }, null)).toEqual({ running: true, canInvoke: false, streamOpen: false });
    expect(callControls({ ...tab('unary'), callId: asCallId('c') }, 'half_closed')).toEqual({ running: true, canInvoke: false, streamOpen: false });
    expect(callControls({ ...tab('unary'), callId: asCallId('c') }, 'ended')).toEqual({ running: false, canInvoke: true, streamOpen: false });
  });

  it('opens Send message and End stream only while a client stream is open', () => {
    const open = { ...tab('bidi_streaming'), callId: asCallId('c') };
    expect(callControls(open, 'open')).toEqual({ running: true, canInvoke: false, streamOpen: true });
    expect(callControls(open, 'half_closed')).toEqual({ running: true, canInvoke: false, streamOpen: false });
    expect(callControls(open, 'ended').streamOpen).toBe(false);
  });

  it('keeps Invoke off for a kind the tab\'s protocol cannot carry, and on again for one that can', () => {
    const bidi = tab('bidi_streaming');
    expect(callControls({ ...bidi, connection: { ...bidi.connection, protocol: 'grpc-web' } }, null).canInvoke).toBe(false);
    expect(callControls({ ...bidi, connection: { ...bidi.connection, protocol: 'connect', httpVersion: '1.1' } }, null).canInvoke).toBe(false);
    expect(callControls({ ...bidi, connection: { ...bidi.connection, protocol: 'connect' } }, null).canInvoke).toBe(true);
    const unary = tab('unary');
    expect(callControls({ ...unary, connection: { ...unary.connection, protocol: 'grpc-web', httpVersion: '1.1' } }, null).canInvoke).toBe(true);
  });
});
