// The demo server's CountUp, as the call tests start it: its catalog entry and its codec from
// the compiled demo set (with payload_bytes it streams messages of any size).
import type { CatalogMethod } from '../../../../shared/catalog';
import { createMethodCodec } from '../../codec/create-method-codec';
import type { MethodCodec } from '../../codec/method-codec';
import { compileDemoSet } from '../../protos/test-fixtures/test-helpers';

export const COUNT_UP: CatalogMethod = {
  name: 'CountUp',
  fullName: 'demo.v1.DemoService.CountUp',
  path: '/demo.v1.DemoService/CountUp',
  kind: 'server_streaming',
  inputType: 'demo.v1.CountUpRequest',
  outputType: 'demo.v1.CountUpResponse',
  comment: '',
  deprecated: false,
};

export async function countUpCodec(): Promise<MethodCodec> {
  const { set } = await compileDemoSet();
  const method = set.registry.getService('demo.v1.DemoService')?.methods.find((m) => m.name === 'CountUp');
  if (!method) throw new Error('no demo.v1.DemoService.CountUp');
  return createMethodCodec(set.registry, method);
}
