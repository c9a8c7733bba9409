// A server process SIGKILLed in the middle of a stream, against both real implementations
// (grpc-js and python3-grpcio): what was received stays (in events and in calls:snapshot),
// and the call ends UNAVAILABLE with a message that says the connection was lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../shared/call-events';
import { createFaultEngine, unwrap, type FaultEngine } from './support/fault-engine';
import { startFaultPeer, type FaultPeer, type PeerKind } from './support/fault-peers';

const receivedIndexes = (events: CallEvent[]) => events.flatMap((e) => (e.type === 'message' && e.direction === 'received' ? [e.index] : []));

describe.each<PeerKind>(['grpc-js', 'python'])('a %s server SIGKILLed mid-stream', (kind) => {
  let faults: FaultEngine;
  const peers: FaultPeer[] = [];
  beforeAll(async () => {
    faults = await createFaultEngine();
  });
  afterAll(async () => {
    await faults?.dispose();
    for (const peer of peers) await peer.kill();
  });

  it('keeps the messages received so far and ends UNAVAILABLE, saying the connection was lost', async () => {
    const peer = await startFaultPeer(kind);
    peers.push(peer);
    const { callId } = unwrap(await faults.engine.invoke('calls:start', faults.serverStream(kind, peer.address, 2_000, 20)));
    await faults.waitFor('5 messages', () => faults.received(callId) >= 5);
    await peer.kill();

    const events = await faults.ended(callId);
    const status = events.find((e) => e.type === 'status');
    expect(status?.type === 'status' && { code: status.status.codeName, details: status.status.details }).toEqual({
      code: 'UNAVAILABLE',
      details: expect.stringMatching(/^The connection to 127\.0\.0\.1:\d+ was lost while the call was running: the server closed it or stopped\. The messages received so far are kept\..*\(grpc-js: Connection dropped\)$/),
    });
    const indexes = receivedIndexes(events);
    expect(indexes.length).toBeGreaterThanOrEqual(5);
    expect(indexes).toEqual(indexes.map((_, i) => i)); // every one, in order, none twice

    // A page that reloads now sees the same: the messages and the status.
    const snapshot = unwrap(await faults.engine.invoke('calls:snapshot', { callIds: [callId], lastMessages: 10_000 }));
    const call = snapshot.calls[0];
    expect(call?.known).toBe(true);
    const rebuilt = call?.known ? call.events : [];
    expect(receivedIndexes(rebuilt)).toEqual(indexes);
    const rebuiltStatus = rebuilt.find((e) => e.type === 'status');
    expect(rebuiltStatus?.type === 'status' && rebuiltStatus.status.codeName).toBe('UNAVAILABLE');
  });

  it('restarted on the same port, the next call works at once', async () => {
    const killed = peers[peers.length - 1];
    if (!killed) throw new Error('the first test did not start a peer');
    const restarted = await startFaultPeer(kind, { port: killed.port });
    peers.push(restarted);
    // A user presses Invoke again right after the server is back: it must not wait out the
    // channel's reconnect backoff (1 s, growing), so 1.5 s is plenty for a loopback call.
    expect(await faults.unaryStatus(kind, restarted.address, 1_500)).toEqual({ code: 'OK', details: expect.any(String) });
  });
});
