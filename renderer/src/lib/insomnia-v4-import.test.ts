import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import fixture from './fixtures/insomnia-v4-grpc.json?raw';
import { parseInsomniaExport } from './insomnia-v4-import';

describe('Insomnia v4 export import', () => {
  it('imports every gRPC request with its folder, method, address, TLS, metadata and body', () => {
    const result = parseInsomniaExport(fixture);
    if (!result.ok) throw new Error(result.message);
    const { requests, notes } = result.value;
    expect(requests.map((r) => [r.folder, r.name])).toEqual([
      ['Cards', 'Charge card'],
      ['Cards/Refunds - manual', 'Refund'],
      ['', 'Health'],
    ]);
    const charge = requests[0]?.document;
    expect(charge?.method).toEqual({ service: 'billing.v1.Cards', method: 'Charge' });
    expect(charge?.connection.target).toBe('{{host}}');
    expect(charge?.connection.tls.enabled).toBe(true);
    expect(charge?.metadata).toEqual([{ key: 'authorization', value: 'Bearer {{token}}' }]);
    expect(JSON.parse(charge?.body ?? '')).toEqual({ cardId: 'card_123', amountCents: 1200 });
    expect(requests[2]?.document.connection).toMatchObject({ target: '127.0.0.1:50051', tls: { enabled: false } });
    expect(notes.join('\n')).toMatch(/disabled metadata "x-debug"/);
    expect(notes.join('\n')).toMatch(/"Refund" body uses an Insomnia template tag/);
    expect(notes.join('\n')).toMatch(/"Not picked yet" was not imported/);
    expect(notes.join('\n')).toMatch(/1 HTTP or WebSocket request was not imported/);
    expect(notes.join('\n')).toMatch(/cards\.proto/);
    expect(notes.join('\n')).toMatch(/Base Environment/);
    // Environment values (a token here) never travel into the imported requests.
    expect(JSON.stringify(requests)).not.toContain('do-not-import');
  });

  it('reads the same export as YAML, and keeps same-named requests apart', () => {
    const data = JSON.parse(fixture) as { resources: Record<string, unknown>[] };
    data.resources.push({ ...data.resources.find((r) => r['_id'] === 'greq_top'), _id: 'greq_top_2' });
    const result = parseInsomniaExport(stringify(data));
    if (!result.ok) throw new Error(result.message);
    expect(result.value.requests.filter((r) => r.folder === '').map((r) => r.name)).toEqual(['Health', 'Health 2']);
  });

  it('refuses what is not an Insomnia v4 export, saying what it is', () => {
    const notExport = parseInsomniaExport('{"info": {"name": "x"}, "item": []}');
    expect(!notExport.ok && notExport.message).toMatch(/not an Insomnia v4 export/);
    const v5 = parseInsomniaExport('type: collection.insomnia.rest/5.0\nname: x\n');
    expect(!v5.ok && v5.message).toMatch(/v5 export/);
    const garbage = parseInsomniaExport('{{{ nope');
    expect(!garbage.ok && garbage.message).toMatch(/neither JSON nor YAML/);
  });
});
