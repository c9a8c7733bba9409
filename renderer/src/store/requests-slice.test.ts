import { describe, expect, it } from 'vitest';
import { asProtoSetId } from '../../../shared/ids';
import { createAppStore } from './app-store';

const ref = (method: string) => ({ protoSetId: asProtoSetId('set'), service: 'demo.v1.DemoService', method });

describe('requests slice', () => {
  it('opens one tab per method and focuses it when opened again', () => {
    const store = createAppStore();
    const a = store.getState().openMethodTab({ method: ref('Echo'), methodName: 'Echo', kind: 'unary' });
    const b = store.getState().openMethodTab({ method: ref('Chat'), methodName: 'Chat', kind: 'bidi_streaming' });
    expect(store.getState().activeTabId).toBe(b);
    expect(store.getState().openMethodTab({ method: ref('Echo'), methodName: 'Echo', kind: 'unary' })).toBe(a);
    expect(store.getState().tabs).toHaveLength(2);
    expect(store.getState().activeTabId).toBe(a);
  });

  it('gives a new tab the server and metadata of the tab in front, as a copy', () => {
    const store = createAppStore();
    const a = store.getState().openMethodTab({ method: ref('Echo'), methodName: 'Echo', kind: 'unary' });
    store.getState().updateConnection({ tabId: a }, (c) => ({ ...c, target: 'api:443', tls: { ...c.tls, enabled: true } }));
    store.getState().addMetadataRow({ tabId: a });
    const row = store.getState().tabs[0]?.metadata[0];
    store.getState().updateMetadataRow({ tabId: a }, row?.id ?? '', { key: 'authorization', value: 'Bearer x' });
    const b = store.getState().openMethodTab({ method: ref('Slow'), methodName: 'Slow', kind: 'unary' });
    const tabB = store.getState().tabs.find((t) => t.id === b);
    expect(tabB?.connection.target).toBe('api:443');
    expect(tabB?.connection.tls.enabled).toBe(true);
    expect(tabB?.metadata.map((m) => [m.key, m.value])).toEqual([['authorization', 'Bearer x']]);
    // Editing B leaves A alone.
    store.getState().updateConnection({ tabId: b }, (c) => ({ ...c, tls: { ...c.tls, enabled: false } }));
    expect(store.getState().tabs.find((t) => t.id === a)?.connection.tls.enabled).toBe(true);
  });

  it('activates a neighbour on close and keeps the last server as the default', () => {
    const store = createAppStore();
    const a = store.getState().openMethodTab({ method: ref('Echo'), methodName: 'Echo', kind: 'unary' });
    const b = store.getState().openMethodTab({ method: ref('Chat'), methodName: 'Chat', kind: 'bidi_streaming' });
    store.getState().updateConnection({ tabId: b }, (c) => ({ ...c, target: 'x:1' }));
    store.getState().closeTab(b);
    expect(store.getState().activeTabId).toBe(a);
    store.getState().updateConnection({ tabId: a }, (c) => ({ ...c, target: 'last:2' }));
    store.getState().closeTab(a);
    expect(store.getState().activeTabId).toBeNull();
    expect(store.getState().defaultConnection.target).toBe('last:2');
  });
});
