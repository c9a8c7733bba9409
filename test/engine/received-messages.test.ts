// What the engine makes of responses that do not match the imported descriptors, from a real
// grpc-js server sending chosen bytes: a newer server's message (unknown fields, an Any of a
// type the client lacks), bytes of no valid Order, and a plain message after them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromJson, toBinary } from '@bufbuild/protobuf';
import type { CallEvent, StreamMessage } from '../../shared/call-events';
import { defaultConnectionSettings } from '../../shared/connection';
import type { MethodRef } from '../../shared/contract';
import type { CallId, ProtoSetId } from '../../shared/ids';
import type { Result } from '../../shared/result';
import type { WorkbenchEngine } from '../../electron/engine/engine-api';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';
import { compileShop, OLD_SHOP_DIR, orderBytes, SHOP_SERVICE } from '../support/evolving-shop';
import { startRawBytesServer, statusDetailsBin, type RawBytesServer } from '../support/raw-bytes-server';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** A length prefix of 255 with two bytes behind it: no valid Order. */
const GARBAGE = new Uint8Array([0x0a, 0xff, 0x01, 0x41, 0x42]);

let dataDir: string;
let engine: WorkbenchEngine;
let server: RawBytesServer;
let newCouponBytes: Uint8Array;
const ended = new Map<string, (events: CallEvent[]) => void>();
const byCall = new Map<string, CallEvent[]>();

beforeAll(async () => {
  const [oldSet, newSet] = await Promise.all([compileShop('old'), compileShop('new')]);
  const coupon = newSet.registry.getMessage('promo.v1.Coupon');
  if (!coupon) throw new Error('no Coupon');
  newCouponBytes = toBinary(coupon, fromJson(coupon, { code: 'TRY-LATER' }));
  server = await startRawBytesServer({
    get: orderBytes(newSet),
    watch: [orderBytes(newSet), GARBAGE, orderBytes(oldSet, { id: 'after' })],
  });
  dataDir = await mkdtemp(join(tmpdir(), 'gw-received-'));
  engine = createWorkbenchEngine({ dataDir, shell: 'browser' });
  engine.onEvents((batch) => {
    for (const e of batch.events) {
      if (e.kind !== 'call') continue;
      const list = byCall.get(e.callId) ?? [];
      list.push(e.event);
      byCall.set(e.callId, list);
      if (e.event.type === 'ended') ended.get(e.callId)?.(list);
    }
  });
});
afterAll(async () => {
  await engine.dispose();
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function call(protoSetId: ProtoSetId, method: 'Get' | 'Watch', address = server.address): Promise<{ received: StreamMessage[]; events: CallEvent[] }> {
  const ref: MethodRef = { protoSetId, service: SHOP_SERVICE, method };
  const { callId } = unwrap(
    await engine.invoke('calls:start', {
      method: ref,
      connection: defaultConnectionSettings(address),
      metadata: [],
      deadlineMs: 10_000,
      requestJson: '{}',
      options: { emitDefaults: false },
    }),
  );
  const events = await new Promise<CallEvent[]>((resolve) => {
    const done = byCall.get(callId)?.some((e) => e.type === 'ended');
    if (done) resolve(byCall.get(callId) ?? []);
    else ended.set(callId as CallId, resolve);
  });
  const received = events.filter((e): e is Extract<CallEvent, { type: 'message' }> => e.type === 'message' && e.direction === 'received');
  return { received, events };
}

describe('responses that do not match the imported proto', () => {
  it('shows unknown fields, an undecodable message with its reason, and the stream goes on', async () => {
    const imported = unwrap(await engine.invoke('protos:compile', { protoFiles: [join(OLD_SHOP_DIR, 'shop.proto')], importPaths: [OLD_SHOP_DIR] }));
    const { received, events } = await call(imported.id, 'Watch');
    expect(received).toHaveLength(3);

    const [newer, garbage, after] = received;
    expect(JSON.parse(newer?.json ?? '')).toMatchObject({ id: 'o-1', address: { city: 'Lyon' } });
    expect(newer?.unknownFields).toContainEqual({ path: 'address', number: 2, wireType: 'length-delimited', value: '69001', encoding: 'utf8', byteLength: 5 });
    expect(newer?.unknownFields).toHaveLength(10);
    // Imported from files: nothing to ask for Coupon, so it is shown as bytes with a note.
    expect(JSON.parse(newer?.json ?? '')['otherExtra']).toMatchObject({ '@type': 'type.googleapis.com/promo.v1.Coupon', value: expect.any(String) as string });
    expect(newer?.notes).toEqual([expect.stringMatching(/"otherExtra" is a google\.protobuf\.Any .* which no loaded proto defines/)]);
    expect(newer?.undecodable).toBeUndefined();

    expect(garbage?.bytes).toBe(5);
    expect(garbage?.undecodable).toEqual({ typeName: 'evolve.v1.Order', reason: 'premature EOF' });
    const note = JSON.parse(garbage?.json ?? '') as Record<string, string>;
    expect(note['@error']).toMatch(/These 5 bytes are not a valid evolve\.v1\.Order: premature EOF/);
    expect(Buffer.from(note['@bytesBase64'] ?? '', 'base64')).toEqual(Buffer.from(GARBAGE));

    expect(JSON.parse(after?.json ?? '')).toEqual({ id: 'after' });
    expect(after?.unknownFields).toBeUndefined();
    const status = events.find((e) => e.type === 'status');
    expect(status?.type === 'status' && status.status.codeName).toBe('OK');
  });

  it('resolves an Any of a type the reflected services do not use through the server reflection', async () => {
    const reflected = unwrap(await engine.invoke('protos:reflect', { connection: defaultConnectionSettings(server.address), metadata: [] }));
    const { received } = await call(reflected.id, 'Get');
    const json = JSON.parse(received[0]?.json ?? '') as Record<string, unknown>;
    expect(json['otherExtra']).toEqual({ '@type': 'type.googleapis.com/promo.v1.Coupon', code: 'SAVE10' });
    expect(received[0]?.notes).toBeUndefined();
    // The set as reflected knows the service's types; unknown fields are still shown.
    expect(received[0]?.unknownFields).toHaveLength(10);
  });

  it('keeps a stream in order while its first message waits for the reflection answer', async () => {
    // Reflecting again makes a fresh proto set, which has asked for nothing yet: message #0 waits for the lookup of promo.v1.Coupon.
    const reflected = unwrap(await engine.invoke('protos:reflect', { connection: defaultConnectionSettings(server.address), metadata: [] }));
    const { received, events } = await call(reflected.id, 'Watch');
    expect(received.map((m) => m.index)).toEqual([0, 1, 2]);
    expect(JSON.parse(received[0]?.json ?? '')['otherExtra']).toEqual({ '@type': 'type.googleapis.com/promo.v1.Coupon', code: 'SAVE10' });
    expect(received[1]?.undecodable?.reason).toBe('premature EOF');
    // Each message keeps the time it arrived, though it left after the lookup.
    expect(received.map((m) => m.timeMs)).toEqual([...received.map((m) => m.timeMs)].sort((a, b) => a - b));
    expect(events.slice(-2).map((e) => e.type)).toEqual(['status', 'ended']);
    const lastMessage = events.map((e) => e.type).lastIndexOf('message');
    expect(lastMessage).toBeLessThan(events.findIndex((e) => e.type === 'status'));
  });

  it('resolves an unknown detail type of google.rpc.Status through the server reflection; a type it lacks stays bytes with a note', async () => {
    const details = statusDetailsBin(9, 'not now', [
      { typeUrl: 'type.googleapis.com/promo.v1.Coupon', value: newCouponBytes },
      { typeUrl: 'type.googleapis.com/acme.v1.Nobody', value: new Uint8Array([8, 1]) },
    ]);
    const failing = await startRawBytesServer({ get: new Uint8Array(), watch: [], getFailure: { code: 9, message: 'not now', statusDetailsBin: details } });
    try {
      const reflected = unwrap(await engine.invoke('protos:reflect', { connection: defaultConnectionSettings(failing.address), metadata: [] }));
      const { events } = await call(reflected.id, 'Get', failing.address);
      const status = events.find((e) => e.type === 'status');
      const details = status?.type === 'status' ? status.status.richDetails : null;
      expect(details?.[0]).toEqual({ type: 'promo.v1.Coupon', json: { code: 'TRY-LATER' } });
      expect(details?.[1]).toMatchObject({ type: 'type.googleapis.com/acme.v1.Nobody', json: { '@type': 'type.googleapis.com/acme.v1.Nobody', value: 'CAE=' } });
      expect(details?.[1]?.notes?.[0]).toMatch(/is in no loaded proto/);
      expect(events.at(-1)?.type).toBe('ended');
    } finally {
      await failing.stop();
    }
  });
});
