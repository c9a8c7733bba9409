// One .proto in two versions, as a client and a newer server hold them (test/fixtures/evolving):
// the new one adds fields to every message and an Any-packed type, promo.v1.Coupon, the old one has never heard of.
// Compiled by the real protoc; tests read the new version's bytes with the old descriptors.
import { join } from 'node:path';
import { fromJson, toBinary, type DescMethod } from '@bufbuild/protobuf';
import { newStore } from '../../electron/engine/protos/test-fixtures/test-helpers';
import type { ProtoSet } from '../../electron/engine/protos/proto-set';

export const EVOLVING_DIR = join(__dirname, '..', 'fixtures', 'evolving');
export const OLD_SHOP_DIR = join(EVOLVING_DIR, 'old');
export const NEW_SHOP_DIR = join(EVOLVING_DIR, 'new');
/** promo.v1.Coupon alone in its own file, for a server whose reflection knows it though no service uses it. */
export const COUPON_DIR = join(EVOLVING_DIR, 'extra');
export const SHOP_SERVICE = 'evolve.v1.Shop';

/** An Order as the new server fills it: JSON for the new descriptors. */
export const NEW_ORDER_JSON = {
  id: 'o-1',
  address: { city: 'Lyon', zip: '69001' },
  items: [{ sku: 'a' }, { sku: 'b', quantity: -3 }],
  bySku: { a: { sku: 'a', quantity: 2 } },
  knownExtra: { '@type': 'type.googleapis.com/evolve.v1.Note', text: 'fragile', stars: 4 },
  otherExtra: { '@type': 'type.googleapis.com/promo.v1.Coupon', code: 'SAVE10' },
  priority: '5',
  channel: 'web',
  region: 7,
  weight: 2.5,
  blob: 'AAEC/w==',
  delta: -1,
};

/** shop.proto of one version compiled by the real protoc. */
export async function compileShop(version: 'old' | 'new'): Promise<ProtoSet> {
  const dir = version === 'old' ? OLD_SHOP_DIR : NEW_SHOP_DIR;
  const { store } = newStore();
  const result = await store.compile({ protoFiles: [join(dir, 'shop.proto')], importPaths: [dir] });
  if (!result.ok) throw new Error(result.error.message);
  const set = store.get(result.value.id);
  if (!set) throw new Error('compiled set missing from the store');
  return set;
}

export function shopMethod(set: ProtoSet, name: 'Get' | 'Watch'): DescMethod {
  const found = set.registry.getService(SHOP_SERVICE)?.methods.find((m) => m.name === name);
  if (!found) throw new Error(`no ${SHOP_SERVICE}.${name}`);
  return found;
}

/** The bytes of an Order encoded with `set`'s descriptors (the new ones: what the newer server sends). */
export function orderBytes(set: ProtoSet, json: unknown = NEW_ORDER_JSON): Uint8Array {
  const order = set.registry.getMessage('evolve.v1.Order');
  if (!order) throw new Error('no Order');
  return toBinary(order, fromJson(order, json as never, { registry: set.registry }));
}
