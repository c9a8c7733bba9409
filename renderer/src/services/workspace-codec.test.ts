import { describe, expect, it } from 'vitest';
import { defaultConnectionSettings } from '../../../shared/connection';
import { asProtoSetId } from '../../../shared/ids';
import { createRequestTab } from '../store/request-tab';
import { documentOfTab, isTabDirty } from '../store/request-document-model';
import { decodeWorkspace, encodeWorkspace } from './workspace-codec';
import { deadlineMs } from '../../../shared/request-deadline';
import { isBase64, metadataEntries } from './request-validation';

describe('workspace codec', () => {
  it('round-trips tabs, defaults and proto set recipes', () => {
    const tab = {
      ...createRequestTab({
        method: { protoSetId: asProtoSetId('p1'), service: 'demo.v1.DemoService', method: 'Echo' },
        methodName: 'Echo',
        kind: 'unary',
        connection: { ...defaultConnectionSettings('127.0.0.1:50051'), loadBalancing: 'round_robin', protocol: 'connect', httpVersion: '1.1' },
        metadata: [{ id: 'x', key: 'authorization', value: 'Bearer t' }],
        body: '{"message":"hi"}',
      }),
      deadline: '1500',
      emitDefaults: true,
      responseTab: 'timing' as const,
    };
    const saved = encodeWorkspace({
      tabs: [tab],
      activeTabId: tab.id,
      defaultConnection: defaultConnectionSettings('127.0.0.1:50051'),
      defaultMetadata: [],
      protoSetIds: ['p1', 'p2'],
      recipes: { p1: { kind: 'demo' }, p2: { kind: 'compile', request: { protoFiles: ['/a.proto'], importPaths: ['/'] } } },
      retentionCap: 50_000,
      demoAddress: '127.0.0.1:50051',
      collections: [{ folder: '/repo/requests', activeEnvironment: 'staging' }],
      activeCollection: '/repo/requests',
    });
    const loaded = decodeWorkspace(JSON.parse(JSON.stringify(saved)));
    expect(loaded?.collections).toEqual([{ folder: '/repo/requests', activeEnvironment: 'staging' }]);
    expect(loaded?.activeCollection).toBe('/repo/requests');
    expect(loaded?.tabs).toHaveLength(1);
    const back = loaded?.tabs[0];
    expect(back?.method).toEqual(tab.method);
    expect(back?.connection).toEqual(tab.connection);
    expect(back?.metadata.map((m) => [m.key, m.value])).toEqual([['authorization', 'Bearer t']]);
    expect([back?.deadline, back?.body, back?.emitDefaults, back?.responseTab]).toEqual(['1500', '{"message":"hi"}', true, 'timing']);
    expect(back?.callId).toBeNull();
    expect(loaded?.activeTabId).toBe(back?.id);
    expect(loaded?.protoSets.map((p) => p.recipe.kind)).toEqual(['demo', 'compile']);
    expect(loaded?.retentionCap).toBe(50_000);
    expect(loaded?.demoAddress).toBe('127.0.0.1:50051');
  });

  it("keeps a tab's HTTP binding, and its saved document's, across a reload; a damaged one falls back to the primary rule", () => {
    const method = { protoSetId: asProtoSetId('p1'), service: 'library.v1.Library', method: 'UpdateBook' };
    const tab = createRequestTab({ method, methodName: 'UpdateBook', kind: 'unary', connection: { ...defaultConnectionSettings('127.0.0.1:8080'), protocol: 'http-json' }, httpRuleIndex: 1 });
    const document = documentOfTab(tab);
    expect(document.httpRuleIndex).toBe(1);
    // The primary rule is no key at all, so a tab on it is not dirty against a file without one.
    expect(documentOfTab({ ...tab, httpRuleIndex: 0 })).not.toHaveProperty('httpRuleIndex');
    const source = { activeTabId: tab.id, defaultConnection: defaultConnectionSettings(), defaultMetadata: [], protoSetIds: [], recipes: {}, retentionCap: 10_000, demoAddress: null, collections: [], activeCollection: null };
    const saved = encodeWorkspace({ ...source, tabs: [{ ...tab, saved: { folder: '/c', path: 'u.grpc.yaml', name: 'u', revision: 'r', document } }] });
    const back = decodeWorkspace(JSON.parse(JSON.stringify(saved)))?.tabs[0];
    expect(back?.httpRuleIndex).toBe(1);
    expect(back?.saved?.document.httpRuleIndex).toBe(1);
    expect(back ? isTabDirty(back) : true).toBe(false);
    const damaged = JSON.parse(JSON.stringify(saved)) as { data: { tabs: { httpRuleIndex: unknown }[] } };
    (damaged.data.tabs[0] as { httpRuleIndex: unknown }).httpRuleIndex = 'second';
    expect(decodeWorkspace(damaged as unknown as typeof saved)?.tabs[0]?.httpRuleIndex).toBeUndefined();
  });

  it('keeps what it can from a damaged file', () => {
    const loaded = decodeWorkspace({
      version: 1,
      data: {
        tabs: [{ nonsense: true }, { method: { protoSetId: 'p', service: 's', method: 'm' }, methodName: 'm', kind: 'unary', connection: { target: 'h:1', tls: 'bad' } }],
        protoSets: [{ id: 'p', recipe: { kind: 'unknown' } }],
        retentionCap: -5,
      },
    });
    expect(loaded?.tabs).toHaveLength(1);
    expect(loaded?.tabs[0]?.connection.target).toBe('h:1');
    expect(loaded?.tabs[0]?.connection.tls.enabled).toBe(false);
    expect(loaded?.protoSets).toEqual([]);
    expect(loaded?.retentionCap).toBe(10_000);
    expect(decodeWorkspace(null)).toBeNull();
  });
});

describe('request validation', () => {
  it('checks metadata keys and base64 for -bin keys, skipping empty rows', () => {
    expect(metadataEntries([{ id: '1', key: '', value: '' }, { id: '2', key: 'X-Trace', value: 'a' }])).toEqual({ entries: [{ key: 'x-trace', value: 'a' }], problem: null });
    expect(metadataEntries([{ id: '1', key: 'grpc-timeout', value: '1' }]).problem).toMatch(/reserved/);
    expect(metadataEntries([{ id: '1', key: 'bad key', value: '1' }]).problem).toMatch(/may use only/);
    expect(metadataEntries([{ id: '1', key: 'trace-bin', value: 'not base64!' }]).problem).toMatch(/base64/);
    expect(metadataEntries([{ id: '1', key: 'trace-bin', value: 'AAEC' }]).problem).toBeNull();
    expect(isBase64('AAE=')).toBe(true);
    expect(isBase64('A')).toBe(false);
  });

  it('reads the deadline: empty is none, 0 and junk are problems', () => {
    expect(deadlineMs('')).toEqual({ value: null, problem: null });
    expect(deadlineMs('250')).toEqual({ value: 250, problem: null });
    expect(deadlineMs('0').problem).not.toBeNull();
    expect(deadlineMs('soon').problem).not.toBeNull();
  });
});
