// A call made while the server is down puts the channel into reconnect backoff; once the
// server is back on the same port, the next Invoke must work at once rather than wait out
// the backoff (grpc-js: 1 s, then 1.6x more per failed attempt, up to 120 s).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaultEngine, type FaultEngine } from './support/fault-engine';
import { startFaultPeer, type FaultPeer, type PeerKind } from './support/fault-peers';

describe.each<PeerKind>(['grpc-js', 'python'])('a %s server restarted after calls failed while it was down', (kind) => {
  let faults: FaultEngine;
  const peers: FaultPeer[] = [];
  beforeAll(async () => {
    faults = await createFaultEngine();
  });
  afterAll(async () => {
    await faults?.dispose();
    for (const peer of peers) await peer.kill();
  });

  // Before the channel pool reconnected a channel in backoff at once, the first call after the
  // restart failed with the stale "Could not connect ... refused"; a retry 0.25-0.9 s later worked.
  it('answers the next call at once, not after the channel backoff', async () => {
    const first = await startFaultPeer(kind);
    peers.push(first);
    expect((await faults.unaryStatus(kind, first.address)).code).toBe('OK');
    await first.kill();

    // Invoke while it is down, a few times, as a user does: each fails (the first may still
    // go out on the old connection before its close is seen: "Connection dropped").
    const whileDown: { code: string; details: string }[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) whileDown.push(await faults.unaryStatus(kind, first.address, 1_000));
    expect(whileDown.map((s) => s.code)).toEqual(['UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE']);
    expect(whileDown[2]?.details).toMatch(/^Could not connect to 127\.0\.0\.1:\d+: the connection was refused/);

    const restarted = await startFaultPeer(kind, { port: first.port });
    peers.push(restarted);
    expect(await faults.unaryStatus(kind, restarted.address, 1_500)).toEqual({ code: 'OK', details: expect.any(String) });
  });
});
