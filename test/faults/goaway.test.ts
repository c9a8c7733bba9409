// HTTP/2 GOAWAY in the middle of a stream, from both real implementations: grpc-js
// (server.tryShutdown, and server.drain which keeps listening) and python3-grpcio
// (server.stop(grace)). A stream that fits in the grace period finishes OK with every
// message; one that does not ends with the messages so far kept; the engine records the
// GOAWAY on the connection; and new calls work.
import { constants } from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../shared/call-events';
import type { ChannelId } from '../../shared/ids';
import { createFaultEngine, unwrap, type FaultEngine } from './support/fault-engine';
import { startFaultPeer, type FaultPeer, type PeerKind } from './support/fault-peers';
import { startHttp2GoawayPeer, type Http2GoawayPeer } from './support/http2-goaway-peer';

const receivedIndexes = (events: CallEvent[]) => events.flatMap((e) => (e.type === 'message' && e.direction === 'received' ? [e.index] : []));
const inOrder = (indexes: number[]) => indexes.map((_, i) => i);
const statusOf = (events: CallEvent[]) => {
  const status = events.find((e) => e.type === 'status');
  return status?.type === 'status' ? { code: status.status.codeName, details: status.status.details } : null;
};

describe.each<PeerKind>(['grpc-js', 'python'])('GOAWAY from a %s server shutting down gracefully', (kind) => {
  let faults: FaultEngine;
  const peers: FaultPeer[] = [];
  beforeAll(async () => {
    faults = await createFaultEngine();
  });
  afterAll(async () => {
    await faults?.dispose();
    for (const peer of peers) await peer.kill();
  });

  const lastGoaway = async (channelId: ChannelId) => unwrap(await faults.engine.invoke('connections:get', { channelId })).keepalive.lastGoaway;

  /** Stops `peer` for good and starts a server on its port again. */
  async function restart(peer: FaultPeer): Promise<FaultPeer> {
    await peer.kill();
    const again = await startFaultPeer(kind, { port: peer.port });
    peers.push(again);
    return again;
  }

  /** A server-streaming call that has received 3 messages when the server starts shutting down. */
  async function streamThenShutdown(graceMs: number, count: number, intervalMs: number) {
    const peer = await startFaultPeer(kind, { graceMs });
    peers.push(peer);
    const { callId, channelId } = unwrap(await faults.engine.invoke('calls:start', faults.serverStream(kind, peer.address, count, intervalMs)));
    await faults.waitFor('3 messages', () => faults.received(callId) >= 3);
    peer.signal('SIGUSR1');
    await peer.waitForLine('STOPPING');
    const events = await faults.ended(callId);
    return { peer, events, channelId };
  }

  it('a stream that fits in the grace period finishes OK with every message; the GOAWAY is recorded; a new call works', async () => {
    const { peer, events, channelId } = await streamThenShutdown(5_000, 40, 25);
    expect(statusOf(events)?.code).toBe('OK');
    expect(receivedIndexes(events)).toEqual(inOrder(Array.from({ length: 40 })));
    expect(await lastGoaway(channelId)).toMatchObject({ errorName: 'NO_ERROR' });
    const again = await restart(peer);
    expect((await faults.unaryStatus(kind, again.address, 5_000)).code).toBe('OK');
  });

  it('a stream longer than the grace period ends with the messages so far kept; the GOAWAY is recorded; a new call works', async () => {
    const { peer, events, channelId } = await streamThenShutdown(400, 2_000, 20);
    const status = statusOf(events);
    expect(status?.code).toMatch(/^(UNAVAILABLE|CANCELLED)$/);
    const indexes = receivedIndexes(events);
    expect(indexes.length).toBeGreaterThanOrEqual(3);
    expect(indexes).toEqual(inOrder(indexes));
    expect(await lastGoaway(channelId)).not.toBeNull();
    const again = await restart(peer);
    expect((await faults.unaryStatus(kind, again.address, 5_000)).code).toBe('OK');
  });

  // The code stays what the wire said (grpc-js's forceShutdown after tryShutdown's grace resets the
  // stream with CANCEL: CANCELLED; python3-grpcio stop(grace): UNAVAILABLE), but the message names the
  // GOAWAY, so a CANCELLED nobody here asked for no longer reads as if the user cancelled.
  it('a stream longer than the grace period says the server went away (GOAWAY)', async () => {
    const { events } = await streamThenShutdown(400, 2_000, 20);
    expect(statusOf(events)).toEqual({ code: expect.stringMatching(/^(UNAVAILABLE|CANCELLED)$/), details: expect.stringMatching(/^The call ended because the server closed the connection with GOAWAY (NO_ERROR|CANCEL)/) });
  });
});

describe('GOAWAY from a grpc-js server draining its connections (still listening)', () => {
  let faults: FaultEngine;
  let peer: FaultPeer;
  beforeAll(async () => {
    faults = await createFaultEngine();
    peer = await startFaultPeer('grpc-js', { graceMs: 400 });
  });
  afterAll(async () => {
    await faults?.dispose();
    await peer?.kill();
  });

  it('the running stream ends with its messages kept, and the next call works on a new connection at once', async () => {
    const { callId, channelId } = unwrap(await faults.engine.invoke('calls:start', faults.serverStream('grpc-js', peer.address, 2_000, 20)));
    await faults.waitFor('3 messages', () => faults.received(callId) >= 3);
    peer.signal('SIGUSR2');
    const events = await faults.ended(callId);
    const indexes = receivedIndexes(events);
    expect(indexes.length).toBeGreaterThanOrEqual(3);
    expect(indexes).toEqual(inOrder(indexes));
    expect(statusOf(events)?.code).not.toBe('OK');
    expect(unwrap(await faults.engine.invoke('connections:get', { channelId })).keepalive.lastGoaway).not.toBeNull();
    expect((await faults.unaryStatus('grpc-js', peer.address, 1_500)).code).toBe('OK');
  });
});

describe('a session-level GOAWAY from a node:http2 peer in the middle of a stream', () => {
  let faults: FaultEngine;
  let peer: Http2GoawayPeer;
  beforeAll(async () => {
    faults = await createFaultEngine();
    peer = await startHttp2GoawayPeer({ goawayAfter: 10, errorCode: constants.NGHTTP2_ENHANCE_YOUR_CALM, debugData: 'too_many_pings' });
  });
  afterAll(async () => {
    await faults?.dispose();
    await peer?.close();
  });

  it('keeps the 10 messages, ends with an error, records the GOAWAY with its code and debug data, and the next call works', async () => {
    const { callId, channelId } = unwrap(await faults.engine.invoke('calls:start', faults.serverStream('grpc-js', peer.address, 1_000, 20)));
    const events = await faults.ended(callId);
    expect(receivedIndexes(events)).toEqual(inOrder(Array.from({ length: 10 })));
    // grpc-js maps the stream's ENHANCE_YOUR_CALM to RESOURCE_EXHAUSTED (gRPC's HTTP/2 error mapping).
    expect(statusOf(events)?.code).toMatch(/^(UNAVAILABLE|RESOURCE_EXHAUSTED)$/);
    expect(unwrap(await faults.engine.invoke('connections:get', { channelId })).keepalive.lastGoaway).toMatchObject({ errorName: 'ENHANCE_YOUR_CALM', debugData: 'too_many_pings' });
    expect(await faults.unaryStatus('grpc-js', peer.address, 3_000)).toEqual({ code: 'OK', details: expect.any(String) });
    expect(peer.sessions).toBe(2);
  });

  // defect: the call's status says RESOURCE_EXHAUSTED "Bandwidth exhausted or memory limit
  // exceeded" (grpc-js's words): nothing names the GOAWAY, ENHANCE_YOUR_CALM or the server's
  // "too_many_pings", the one hint that the keepalive interval is too short for this server.
  it('says the server sent GOAWAY (ENHANCE_YOUR_CALM, "too_many_pings") in the call status', async () => {
    const { callId } = unwrap(await faults.engine.invoke('calls:start', faults.serverStream('grpc-js', peer.address, 1_000, 20)));
    const events = await faults.ended(callId);
    expect(statusOf(events)?.details).toMatch(/GOAWAY.*too_many_pings|too_many_pings.*GOAWAY/);
  });
});
