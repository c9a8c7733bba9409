import { describe, expect, it } from 'vitest';
import type { CatalogMethod, ProtoSetSummary } from '../../../../shared/catalog';
import { asProtoSetId } from '../../../../shared/ids';
import { buildCatalogTree, sourceLabel, treeKeyAction, visibleNodes } from './catalog-tree';

function method(service: string, name: string, kind: CatalogMethod['kind'] = 'unary'): CatalogMethod {
  return { name, fullName: `${service}.${name}`, path: `/${service}/${name}`, kind, inputType: 'x.In', outputType: 'x.Out', comment: '', deprecated: false };
}

function set(id: string, source: ProtoSetSummary['source'], packages: [string, [string, string[]][]][]): ProtoSetSummary {
  return {
    id: asProtoSetId(id),
    source,
    fileCount: 1,
    fromCache: false,
    elapsedMs: 1,
    warnings: [],
    packages: packages.map(([pkg, services]) => ({
      name: pkg,
      services: services.map(([svc, methods]) => {
        const fullName = pkg ? `${pkg}.${svc}` : svc;
        return { name: svc, fullName, comment: '', deprecated: false, methods: methods.map((m) => method(fullName, m)) };
      }),
    })),
  };
}

const demo = set('a', { kind: 'demo' }, [['demo.v1', [['DemoService', ['Echo', 'CountUp', 'Sum']]]]]);
const testing = set('b', { kind: 'files', protoFiles: ['/p/test.proto'], importPaths: ['/p'] }, [
  ['grpc.testing', [['TestService', ['UnaryCall', 'StreamingOutputCall']], ['ReconnectService', ['Start']]]],
  ['', [['Bare', ['Ping']]]],
]);

describe('catalog tree', () => {
  it('groups services by package, packages sorted, methods as declared', () => {
    const tree = buildCatalogTree([demo, testing], '');
    expect(tree.map((p) => p.label)).toEqual(['(no package)', 'demo.v1', 'grpc.testing']);
    const testingPkg = tree[2];
    expect(testingPkg?.children.map((s) => s.label)).toEqual(['TestService', 'ReconnectService']);
    expect(testingPkg?.children[0]?.children.map((m) => m.label)).toEqual(['UnaryCall', 'StreamingOutputCall']);
  });

  it('filters by method, service or package name, case-insensitively', () => {
    const byMethod = buildCatalogTree([demo, testing], 'count');
    expect(byMethod).toHaveLength(1);
    expect(byMethod[0]?.children[0]?.children.map((m) => m.label)).toEqual(['CountUp']);
    const byService = buildCatalogTree([demo, testing], 'reconnect');
    expect(byService[0]?.children.map((s) => s.label)).toEqual(['ReconnectService']);
    expect(byService[0]?.children[0]?.children.map((m) => m.label)).toEqual(['Start']);
    const byPackage = buildCatalogTree([demo, testing], 'GRPC.TESTING');
    expect(byPackage[0]?.children).toHaveLength(2);
    expect(buildCatalogTree([demo, testing], 'nothing-like-this')).toEqual([]);
  });

  it('lists a service imported twice once, from the latest import', () => {
    const again = set('c', { kind: 'reflection', target: '127.0.0.1:5000' }, [['demo.v1', [['DemoService', ['Echo']], ['Extra', ['Ping']]]]]);
    const services = buildCatalogTree([demo, again], '')[0]?.children;
    expect(services?.map((s) => [s.label, s.protoSetId])).toEqual([
      ['DemoService', 'c'],
      ['Extra', 'c'],
    ]);
    expect(services?.[0]?.children.map((m) => m.label)).toEqual(['Echo']);
    // Remove the newer set and the older one shows again.
    expect(buildCatalogTree([demo], '')[0]?.children[0]?.protoSetId).toBe('a');
  });

  it('names where a proto set came from', () => {
    expect(sourceLabel({ kind: 'files', protoFiles: ['/a/b/x.proto', '/y.proto'], importPaths: [] })).toBe('x.proto +1');
    expect(sourceLabel({ kind: 'descriptor_sets', paths: ['C:\\p\\api.protoset'] })).toBe('api.protoset');
    expect(sourceLabel({ kind: 'reflection', target: 'h:1' })).toBe('reflection h:1');
  });

  it('shows the children of open nodes only, with levels and positions', () => {
    const tree = buildCatalogTree([demo], '');
    const open = visibleNodes(tree, new Set(), false);
    expect(open.map((r) => `${r.level}:${r.node.label}`)).toEqual(['1:demo.v1', '2:DemoService', '3:Echo', '3:CountUp', '3:Sum']);
    expect(open[3]).toMatchObject({ posInSet: 2, setSize: 3, expanded: null });
    const closed = visibleNodes(tree, new Set(['svc:a:demo.v1.DemoService']), false);
    expect(closed.map((r) => r.node.label)).toEqual(['demo.v1', 'DemoService']);
    expect(visibleNodes(tree, new Set(['svc:a:demo.v1.DemoService']), true)).toHaveLength(5);
  });

  it('moves, opens, closes and activates with the keys of the ARIA tree pattern', () => {
    const tree = buildCatalogTree([demo], '');
    const rows = visibleNodes(tree, new Set(), false);
    const svc = 'svc:a:demo.v1.DemoService';
    const echo = 'm:a:demo.v1.DemoService.Echo';
    expect(treeKeyAction(rows, svc, 'ArrowDown')).toEqual({ focus: echo });
    expect(treeKeyAction(rows, echo, 'ArrowUp')).toEqual({ focus: svc });
    expect(treeKeyAction(rows, echo, 'ArrowLeft')).toEqual({ focus: svc });
    expect(treeKeyAction(rows, svc, 'ArrowLeft')).toEqual({ toggle: svc, expand: false });
    expect(treeKeyAction(rows, svc, 'ArrowRight')).toEqual({ focus: echo });
    expect(treeKeyAction(rows, echo, 'Enter')).toEqual({ activate: echo });
    expect(treeKeyAction(rows, echo, 'End')).toEqual({ focus: 'm:a:demo.v1.DemoService.Sum' });
    const closed = visibleNodes(tree, new Set([svc]), false);
    expect(treeKeyAction(closed, svc, 'ArrowRight')).toEqual({ toggle: svc, expand: true });
  });
});
