import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionSnapshot, LoadBalancing } from '../../../shared/connection';
import type { ChannelId } from '../../../shared/ids';
import { CallRegistry } from '../calls/call-registry';
import { ChannelPool } from './channel-pool';
import { ConnectionMonitor } from './connection-monitor';
import { startEchoServer, type EchoServer } from '../../../test/support/transport-server';
import { startStrictPingServer, type PythonServer } from '../../../test/support/transport-peers';
import { startEcho, statusOf, timingOf } from '../../../test/support/transport-calls';

// Name resolution and balancing, against real servers on loopback: two grpc-js backends and one
// python3-grpcio (C-core) backend behind one ipv4: target.

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Backends {
  grpcJs: EchoServer[];
  python: PythonServer;
  addresses: string[];
  target: string;
}

async function threeBackends(): Promise<Backends> {
  const grpcJs = [await startEchoServer(), await startEchoServer()];
  const python = await startStrictPingServer();
  for (const server of grpcJs) cleanups.push(() => server.close());
  cleanups.push(() => python.close());
  const addresses = [...grpcJs.map((s) => s.address), `127.0.0.1:${python.port}`];
  return { grpcJs, python, addresses, target: `ipv4:${addresses.join(',')}` };
}

function engineParts(): { registry: CallRegistry; monitor: ConnectionMonitor } {
  const monitor = new ConnectionMonitor();
  const pool = new ChannelPool({ monitor });
  const registry = new CallRegistry({ pool });
  cleanups.push(async () => {
    await registry.dispose();
    pool.closeAll();
    monitor.dispose();
  });
  return { registry, monitor };
}

/** One unary call; resolves with the peer that served it and the channel it used. */
async function call(registry: CallRegistry, target: string, loadBalancing: LoadBalancing): Promise<{ peer: string | undefined; channelId: ChannelId; code: number; details: string }> {
  const { started, call: collected } = startEcho(registry, target, 'Unary', { requestJson: '{"text":"hi"}', connection: { loadBalancing } });
  if (!started.ok) throw new Error(started.error.message);
  const events = await collected.ended;
  const status = statusOf(events);
  return { peer: timingOf(events).peer, channelId: started.value.channelId, code: status.code, details: status.details };
}

function snapshotOf(monitor: ConnectionMonitor, channelId: ChannelId): ConnectionSnapshot {
  const snapshot = monitor.snapshot(channelId);
  if (!snapshot.ok) throw new Error(snapshot.error.message);
  return snapshot.value;
}

function countsOf(snapshot: ConnectionSnapshot): Record<string, number> {
  return Object.fromEntries((snapshot.callsPerPeer ?? []).map((c) => [c.peer, c.calls]));
}

describe('name resolution and balancing', () => {
  it('round_robin spreads calls over all three backends; Resolved addresses lists each READY; a stopped backend drops out', async () => {
    const backends = await threeBackends();
    const { registry, monitor } = engineParts();
    const first = await call(registry, backends.target, 'round_robin');
    expect(first.code).toBe(0);
    const { channelId } = first;
    await until(() => (snapshotOf(monitor, channelId).resolvedAddresses ?? []).filter((a) => a.state === 'READY').length === 3, 'all three subchannels READY');
    expect(snapshotOf(monitor, channelId).resolvedAddresses).toEqual(backends.addresses.map((address) => ({ address, state: 'READY' })));

    for (let i = 0; i < 9; i++) expect((await call(registry, backends.target, 'round_robin')).code).toBe(0);
    const counts = countsOf(snapshotOf(monitor, channelId));
    expect(Object.keys(counts).sort()).toEqual([...backends.addresses].sort());
    // Ten calls, three backends: round_robin gives each its turn (the first call went to whichever was READY first).
    for (const address of backends.addresses) expect(counts[address]).toBeGreaterThanOrEqual(3);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(10);

    // One grpc-js backend stops: its subchannel leaves READY, and the calls go to the other two.
    const stopped = backends.grpcJs[0]!;
    await stopped.close();
    await until(() => snapshotOf(monitor, channelId).resolvedAddresses?.find((a) => a.address === stopped.address)?.state !== 'READY', 'the stopped backend to leave READY');
    expect(['TRANSIENT_FAILURE', 'IDLE', 'CONNECTING']).toContain(snapshotOf(monitor, channelId).resolvedAddresses?.find((a) => a.address === stopped.address)?.state);
    const before = countsOf(snapshotOf(monitor, channelId));
    const peers = new Set<string | undefined>();
    for (let i = 0; i < 6; i++) {
      const after = await call(registry, backends.target, 'round_robin');
      expect(after.code).toBe(0);
      peers.add(after.peer);
    }
    expect([...peers].sort()).toEqual(backends.addresses.filter((a) => a !== stopped.address).sort());
    expect(countsOf(snapshotOf(monitor, channelId))[stopped.address]).toBe(before[stopped.address]);
  });

  it('pick_first sends every call to one backend; the other addresses stay listed', async () => {
    const backends = await threeBackends();
    const { registry, monitor } = engineParts();
    const peers = new Set<string | undefined>();
    let channelId: ChannelId | null = null;
    for (let i = 0; i < 6; i++) {
      const done = await call(registry, backends.target, 'pick_first');
      expect(done.code).toBe(0);
      peers.add(done.peer);
      channelId = done.channelId;
    }
    expect(peers.size).toBe(1);
    const snapshot = snapshotOf(monitor, channelId!);
    expect(snapshot.callsPerPeer).toEqual([{ peer: [...peers][0], calls: 6 }]);
    // pick_first takes the first address that connects and lets go of the others' subchannels.
    expect(snapshot.resolvedAddresses).toEqual(backends.addresses.map((address) => ({ address, state: address === [...peers][0] ? 'READY' : null })));
  });

  it('a dns: name lists what it resolved to (localhost here is 127.0.0.1 only, so one address)', async () => {
    const server = await startEchoServer();
    cleanups.push(() => server.close());
    const { registry, monitor } = engineParts();
    const done = await call(registry, `dns:///localhost:${server.port}`, 'round_robin');
    expect(done.code).toBe(0);
    expect(snapshotOf(monitor, done.channelId).resolvedAddresses).toEqual([{ address: server.address, state: 'READY' }]);
    expect(snapshotOf(monitor, done.channelId).callsPerPeer).toEqual([{ peer: server.address, calls: 1 }]);
  });

  it('a name that does not resolve: the call says which name and why', async () => {
    const { registry, monitor } = engineParts();
    // Not no-such-host.invalid: getaddrinfo here sends that to the DNS server in /etc/resolv.conf
    // (a non-loopback host). A 64-character label cannot be put in a DNS query (RFC 1035: at
    // most 63), so the C library refuses it with ENOTFOUND before anything leaves the machine.
    const host = `${'a'.repeat(64)}.invalid`;
    const done = await call(registry, `dns:///${host}:50051`, 'pick_first');
    expect(done.code).toBe(14);
    expect(done.details).toMatch(new RegExp(`^The name ${host.replace(/\./g, '\\.')} could not be resolved: no address is known for this name \\(getaddrinfo ENOTFOUND\\)\\. Check the spelling`));
    expect(done.details).toContain('(grpc-js: Name resolution failed for target dns:///');
    // The Connection tab says it too; the failed call reached no backend, so none is counted.
    const snapshot = snapshotOf(monitor, done.channelId);
    expect(snapshot.resolutionFailure).toBe(`The name ${host} could not be resolved: no address is known for this name (getaddrinfo ENOTFOUND).`);
    expect(snapshot).toMatchObject({ resolvedAddresses: [], callsPerPeer: [] });
  });
});
