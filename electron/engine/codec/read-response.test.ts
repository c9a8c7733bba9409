import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, fromJson, toBinary } from '@bufbuild/protobuf';
import { AnySchema } from '@bufbuild/protobuf/wkt';
import { join } from 'node:path';
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { makeTempDir, newStore, removeTempDirs, writeTree } from '../protos/test-fixtures/test-helpers';
import type { ProtoSet } from '../protos/proto-set';
import { compileShop, orderBytes, shopMethod } from '../../../test/support/evolving-shop';
import { createMethodCodec } from './create-method-codec';
import type { MethodCodec } from './method-codec';

let oldSet: ProtoSet;
let newSet: ProtoSet;
beforeAll(async () => {
  [oldSet, newSet] = await Promise.all([compileShop('old'), compileShop('new')]);
});
afterAll(removeTempDirs);

const oldCodec = (): MethodCodec => createMethodCodec(oldSet.registry, shopMethod(oldSet, 'Get'));

/** What the newer server sends: NEW_ORDER_JSON encoded with the new descriptors. */
const newServerBytes = (json?: unknown): Uint8Array => orderBytes(newSet, json);

describe('reading a response from a newer server', () => {
  it('shows the known fields as JSON and every unknown one with its path, number, wire type and value', () => {
    const read = oldCodec().readResponse(newServerBytes(), { emitDefaults: false });
    if (!read.ok) throw new Error(read.error.message);
    const json = JSON.parse(read.value.json) as Record<string, unknown>;
    expect(json).toMatchObject({ id: 'o-1', address: { city: 'Lyon' }, items: [{ sku: 'a' }, { sku: 'b' }], bySku: { a: { sku: 'a' } } });
    expect(json).not.toHaveProperty('priority');
    const byPlace = Object.fromEntries(read.value.unknownFields.map((f) => [`${f.path}#${f.number}`, f]));
    expect(byPlace['#7']).toEqual({ path: '', number: 7, wireType: 'varint', value: '5' });
    expect(byPlace['#8']).toEqual({ path: '', number: 8, wireType: 'length-delimited', value: 'web', encoding: 'utf8', byteLength: 3 });
    expect(byPlace['#9']).toEqual({ path: '', number: 9, wireType: 'fixed32', value: '7' }); // no "float 9.8e-45": noise
    expect(byPlace['#10']).toMatchObject({ wireType: 'fixed64', alternatives: ['double 2.5'] });
    expect(byPlace['#11']).toMatchObject({ wireType: 'length-delimited', value: '00 01 02 ff', encoding: 'hex', byteLength: 4 });
    // int32 -1 travels as a 10-byte varint: the signed reading is offered beside the unsigned one.
    expect(byPlace['#12']).toMatchObject({ wireType: 'varint', value: '18446744073709551615', alternatives: ['int64 -1'] });
    expect(byPlace['address#2']).toMatchObject({ wireType: 'length-delimited', value: '69001', encoding: 'utf8' });
    // sint32 -3 is zigzag 5 on the wire; without the descriptor only the varint is known.
    expect(byPlace['items[1]#2']).toMatchObject({ wireType: 'varint', value: '5' });
    expect(byPlace['bySku["a"]#2']).toMatchObject({ wireType: 'varint', value: '4' });
    // Inside an Any of a known type, the unknown field is found too.
    expect(byPlace['knownExtra#2']).toMatchObject({ wireType: 'varint', value: '4' });
    expect(read.value.unknownFields).toHaveLength(10);
  });

  it('decodes the Any of a known type and shows the Any of an unknown type as its type URL and bytes, with a note', () => {
    const read = oldCodec().readResponse(newServerBytes(), { emitDefaults: false });
    if (!read.ok) throw new Error(read.error.message);
    const json = JSON.parse(read.value.json) as Record<string, unknown>;
    expect(json['knownExtra']).toEqual({ '@type': 'type.googleapis.com/evolve.v1.Note', text: 'fragile' });
    const coupon = newSet.registry.getMessage('promo.v1.Coupon');
    if (!coupon) throw new Error('no Coupon');
    const couponBytes = toBinary(coupon, fromJson(coupon, { code: 'SAVE10' }));
    expect(json['otherExtra']).toEqual({ '@type': 'type.googleapis.com/promo.v1.Coupon', value: Buffer.from(couponBytes).toString('base64') });
    expect(Object.keys(json['otherExtra'] as object)).toEqual(['@type', 'value']);
    expect(read.value.notes).toHaveLength(1);
    expect(read.value.notes[0]).toMatch(/"otherExtra" is a google\.protobuf\.Any of type "type\.googleapis\.com\/promo\.v1\.Coupon", which no loaded proto defines/);
    expect(read.value.unresolvedTypeNames).toEqual(['promo.v1.Coupon']);
  });

  it('shows an Any whose bytes are not its type as bytes, and the rest of the message decoded', () => {
    const order = oldSet.registry.getMessage('evolve.v1.Order');
    if (!order) throw new Error('no Order');
    // A Note whose text field claims 9 bytes and has none.
    const knownExtra = create(AnySchema, { typeUrl: 'type.googleapis.com/evolve.v1.Note', value: new Uint8Array([0x0a, 0x09]) });
    const bytes = toBinary(order, create(order, { id: 'y', knownExtra } as never));
    const read = oldCodec().readResponse(bytes, { emitDefaults: false });
    if (!read.ok) throw new Error(read.error.message);
    expect(JSON.parse(read.value.json)).toEqual({ id: 'y', knownExtra: { '@type': 'type.googleapis.com/evolve.v1.Note', value: 'Cgk=' } });
    expect(read.value.notes).toEqual([expect.stringMatching(/^"knownExtra" is a google\.protobuf\.Any of type evolve\.v1\.Note, but its 2 bytes are not a valid evolve\.v1\.Note \(premature EOF\)/)]);
    expect(read.value.unknownFields).toEqual([]);
  });
});

describe('bytes that are not the output type', () => {
  it.each([
    ['garbage (a length running past the end)', [0x0a, 0xff, 0x01, 0x41]],
    ['a conflicting wire type (a message field sent as a varint)', [0x12, 0x01]],
    ['an invalid wire type', [0x0f]],
  ])('names the byte count, the type and the reason: %s', (_, bytes) => {
    const read = oldCodec().readResponse(new Uint8Array(bytes), { emitDefaults: false });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.error.message).toMatch(new RegExp(`^These ${bytes.length} bytes are not a valid evolve\\.v1\\.Order: .+`));
    expect(read.error.details).toEqual({ undecodable: { typeName: 'evolve.v1.Order', reason: expect.any(String) as string } });
  });
});

describe('proto2 extensions', () => {
  it('shows an extension the registry knows in the JSON, not among the unknown fields; one it does not know as unknown', async () => {
    const dir = makeTempDir('wb-ext-');
    writeTree(dir, {
      'ext.proto': `syntax = "proto2";
package ext.v1;
message Box { optional string label = 1; extensions 100 to 200; }
extend Box { optional int32 weight = 100; }
service Boxes { rpc Get(Box) returns (Box); }
`,
    });
    const { store } = newStore();
    const compiled = await store.compile({ protoFiles: [join(dir, 'ext.proto')], importPaths: [dir] });
    if (!compiled.ok) throw new Error(compiled.error.message);
    const set = store.get(compiled.value.id);
    const method = set?.registry.getService('ext.v1.Boxes')?.methods[0];
    if (!set || !method) throw new Error('no ext.v1.Boxes.Get');
    // label "a", extension weight = 5 (field 100), and field 150: in the extension range, but no extension defines it.
    const bytes = new BinaryWriter().tag(1, 2).string('a').tag(100, 0).int32(5).tag(150, 0).int32(9).finish();
    const read = createMethodCodec(set.registry, method).readResponse(bytes, { emitDefaults: false });
    if (!read.ok) throw new Error(read.error.message);
    expect(JSON.parse(read.value.json)).toEqual({ label: 'a', '[ext.v1.weight]': 5 });
    expect(read.value.unknownFields).toEqual([{ path: '', number: 150, wireType: 'varint', value: '9' }]);
  });
});
