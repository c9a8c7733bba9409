import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, err } from '../../../shared/result';
import { compileShop, COUPON_DIR } from '../../../test/support/evolving-shop';
import { newStore, removeTempDirs } from './test-fixtures/test-helpers';
import type { ProtoSet } from './proto-set';
import { ReflectedTypes, type FetchFilesForType } from './reflected-types';
import { join } from 'node:path';
import type { FileDescriptorProto } from '@bufbuild/protobuf/wkt';

let shop: ProtoSet;
let couponFiles: FileDescriptorProto[];
beforeAll(async () => {
  shop = await compileShop('old');
  const { store } = newStore();
  const compiled = await store.compile({ protoFiles: [join(COUPON_DIR, 'coupon.proto')], importPaths: [COUPON_DIR] });
  if (!compiled.ok) throw new Error(compiled.error.message);
  couponFiles = [...(store.get(compiled.value.id)?.registry.files ?? [])].map((file) => file.proto);
});
afterAll(removeTempDirs);

function countingFetch(answer: FetchFilesForType): { fetch: FetchFilesForType; asked: string[] } {
  const asked: string[] = [];
  return { asked, fetch: (name, known) => (asked.push(name), answer(name, known)) };
}

describe('types a reflected proto set learns later', () => {
  it('asks for each type once, shares an answer in flight, and then knows it', async () => {
    const types = new ReflectedTypes(shop.registry);
    const { fetch, asked } = countingFetch(async () => ok(couponFiles));
    expect(types.registry.getMessage('promo.v1.Coupon')).toBeUndefined();
    const first = types.resolve(['promo.v1.Coupon'], fetch);
    const second = types.resolve(['promo.v1.Coupon', 'promo.v1.Coupon'], fetch);
    await Promise.all([first, second]);
    expect(asked).toEqual(['promo.v1.Coupon']);
    expect(types.registry.getMessage('promo.v1.Coupon')?.fields.map((f) => f.name)).toEqual(['code']);
    // The set's own types are still there, and answered: nothing more to wait for.
    expect(types.registry.getMessage('evolve.v1.Order')).toBe(shop.registry.getMessage('evolve.v1.Order'));
    expect(types.resolve(['promo.v1.Coupon'], fetch)).toBeNull();
  });

  it('asks once for a type the server does not know either, then stops waiting for it', async () => {
    const types = new ReflectedTypes(shop.registry);
    const { fetch, asked } = countingFetch(async () => err('REFLECTION', 'not found'));
    await types.resolve(['acme.v1.Nobody'], fetch);
    expect(types.resolve(['acme.v1.Nobody'], fetch)).toBeNull();
    expect(asked).toEqual(['acme.v1.Nobody']);
    expect(types.registry.getMessage('acme.v1.Nobody')).toBeUndefined();
  });
});
