// Keepalive from the server's side, against both real implementations (grpc-js and
// python3-grpcio): PINGs a server sends (grpc.keepalive_time_ms on the server) are counted, and
// a GOAWAY from the server's max connection age or idle timeout is recorded with its code,
// debug data and last stream id, together with the running call it ended.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../shared/call-events';
import type { ChannelId } from '../../shared/ids';
import { createFaultEngine, unwrap, type FaultEngine } from './support/fault-engine';
import { startFaultPeer, type FaultPeer, type FaultServerOptions, type PeerKind } from './support/fault-peers';

const statusOf = (events: CallEvent[]) => {
  const status = events.find((e) => e.type === 'status');
  return status?.type === 'status' ? { code: status.status.codeName, details: status.status.details } : null;
};
/** What each server really sends for max connection age: grpc-js says why, C-core's GOAWAY has no debug data. */
const maxAgeDebugData: Record<PeerKind, string> = { 'grpc-js': 'max_age', python: '' };
const maxAgeWording: Record<PeerKind, string> = { 'grpc-js': 'GOAWAY NO_ERROR (max_age): it is shutting down', python: 'GOAWAY NO_ERROR: it is shutting down' };
const idleGoaway: Record<PeerKind, { errorName: string; errorCode: number; debugData: string }> = {
  'grpc-js': { errorName: 'NO_ERROR', errorCode: 0, debugData: '' },
  python: { errorName: 'INTERNAL_ERROR', errorCode: 2, debugData: 'enter idle' },
};
const streamMethod: Record<PeerKind, string> = { 'grpc-js': 'demo.v1.DemoService.CountUp', python: 'grpc.testing.TestService.StreamingOutputCall' };

describe.each<PeerKind>(['grpc-js', 'python'])('keepalive from a %s server', (kind) => {
  let faults: FaultEngine;
  const peers: FaultPeer[] = [];
  beforeAll(async () => {
    faults = await createFaultEngine();
  });
  afterAll(async () => {
    await faults?.dispose();
    for (const peer of peers) await peer.kill();
  });
  async function peerWith(serverOptions: FaultServerOptions): Promise<FaultPeer> {
    const peer = await startFaultPeer(kind, { serverOptions });
    peers.push(peer);
    return peer;
  }
  const keepalive = async (channelId: ChannelId) => unwrap(await faults.engine.invoke('connections:get', { channelId })).keepalive;

  it('counts the PINGs the server sends (Pings received) and puts them on the timeline', async () => {
    const peer = await peerWith({ 'grpc.keepalive_time_ms': 100, 'grpc.keepalive_timeout_ms': 5_000 });
    // A stream keeps data flowing, so C-core's server may ping as often as it likes.
    const { callId, channelId } = unwrap(await faults.engine.invoke('calls:start', faults.serverStream(kind, peer.address, 30, 50)));
    let received = 0;
    await faults.waitFor('2 pings from the server', () => {
      void keepalive(channelId).then((k) => (received = k.pingsReceived));
      return received >= 2;
    });
    const snapshot = unwrap(await faults.engine.invoke('connections:get', { channelId }));
    expect(snapshot.recentEvents.filter((e) => e.type === 'ping_received').length).toBeGreaterThanOrEqual(2);
    // The client's own keepalive is off: every ping counted came from the server.
    expect(snapshot.keepalive.pingsSent).toBe(0);
    await faults.engine.invoke('calls:cancel', { callId });
  });

  it('max connection age: the GOAWAY is recorded with its code, debug data and last stream id, and names the running call it ended', async () => {
    const peer = await peerWith({ 'grpc.max_connection_age_ms': 600, 'grpc.max_connection_age_grace_ms': 200 });
    // 100 messages 50 ms apart outlive age + grace: the server cuts the stream.
    const { callId, channelId } = unwrap(await faults.engine.invoke('calls:start', faults.serverStream(kind, peer.address, 100, 50)));
    const events = await faults.ended(callId);
    const status = statusOf(events);
    expect(status?.code).not.toBe('OK');
    // The call's own message keeps call-failure.ts's one wording.
    expect(status?.details).toContain(maxAgeWording[kind]);
    const goaway = (await keepalive(channelId)).lastGoaway;
    // The final GOAWAY's stream id (the first says 2^31-1), and the first's debug data kept.
    expect(goaway).toMatchObject({ errorName: 'NO_ERROR', errorCode: 0, debugData: maxAgeDebugData[kind], lastStreamId: 1, endedCallsTotal: 1 });
    expect(goaway?.endedCalls).toEqual([{ callId, method: streamMethod[kind], at: expect.any(Number) as number }]);
  });

  it('max connection idle: the GOAWAY of an idle connection is recorded and ended no call', async () => {
    const peer = await peerWith({ 'grpc.max_connection_idle_ms': 300 });
    const status = await faults.unaryStatus(kind, peer.address);
    expect(status.code).toBe('OK');
    const { channelId } = unwrap(await faults.engine.invoke('calls:start', faults.unary(kind, peer.address)));
    let goaway: Awaited<ReturnType<typeof keepalive>>['lastGoaway'] = null;
    await faults.waitFor('the idle GOAWAY', () => {
      void keepalive(channelId).then((k) => (goaway = k.lastGoaway));
      return goaway !== null;
    });
    // grpc-js closes an idle session with Node's session.close() (NO_ERROR, no debug data);
    // C-core (python3-grpcio) sends INTERNAL_ERROR "enter idle".
    expect(goaway).toMatchObject({ ...idleGoaway[kind], endedCalls: [], endedCallsTotal: 0 });
  });
});
