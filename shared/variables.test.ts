import { describe, expect, it } from 'vitest';
import type { VariableDefinition } from './collection';
import type { RequestDocument } from './request-document';
import { emptyRequestDocument } from './request-document';
import {
  MAX_DEPTH,
  buildVariableScope,
  envReferences,
  maskVariablesForJsonValidation,
  resolveRequest,
  secretNamesUsed,
  unresolvedMessage,
  variableReferences,
} from './variables';
import type { ResolveResult, UnresolvedVariable } from './variables';

const v = (name: string, value: string, secret = false): VariableDefinition => ({ name, value, secret });

function doc(patch: Partial<RequestDocument> = {}): RequestDocument {
  return { ...emptyRequestDocument({ service: 'demo.v1.DemoService', method: 'Echo' }, 'unary'), ...patch };
}

function withTarget(target: string): RequestDocument {
  const d = doc();
  return { ...d, connection: { ...d.connection, target } };
}

function scope(input: Partial<Parameters<typeof buildVariableScope>[0]> = {}) {
  return buildVariableScope({ collection: [], environment: null, secretValues: new Map(), env: {}, ...input });
}

function resolved(result: ResolveResult): Extract<ResolveResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected ok, got ${unresolvedMessage(result.unresolved)}`);
  return result;
}

function failed(result: ResolveResult): UnresolvedVariable[] {
  if (result.ok) throw new Error(`expected unresolved, got ${JSON.stringify(result.document)}`);
  return result.unresolved;
}

describe('variableReferences', () => {
  it('finds names with and without spaces, in order, each once', () => {
    expect(variableReferences('{{a}}/{{ b }}/{{a}}/{{  $env.HOME\t}}')).toEqual(['a', 'b', '$env.HOME']);
  });

  it('leaves {{ without }} and empty braces alone', () => {
    expect(variableReferences('x {{ not closed')).toEqual([]);
    expect(variableReferences('{{}} and {{ }}')).toEqual([]);
    expect(variableReferences('')).toEqual([]);
  });
});

describe('resolveRequest', () => {
  it('lets the environment win over the collection', () => {
    const s = scope({ collection: [v('host', 'collection.example:1'), v('only', 'c')], environment: [v('host', 'env.example:2')] });
    const r = resolved(resolveRequest(withTarget('{{host}}/{{only}}'), s));
    expect(r.document.connection.target).toBe('env.example:2/c');
    expect(r.secretsUsed).toEqual([]);
  });

  it('uses the collection when there is no environment', () => {
    const r = resolved(resolveRequest(withTarget('{{ host }}'), scope({ collection: [v('host', 'c:1')] })));
    expect(r.document.connection.target).toBe('c:1');
  });

  it('takes a secret value from secretValues and lists it in secretsUsed', () => {
    const s = scope({ collection: [v('token', '', true)], secretValues: new Map([['token', 's3cr3t-value']]) });
    const d = doc({ metadata: [{ key: 'authorization', value: 'Bearer {{token}}' }, { key: 'x-again', value: '{{token}}' }] });
    const r = resolved(resolveRequest(d, s));
    expect(r.document.metadata).toEqual([
      { key: 'authorization', value: 'Bearer s3cr3t-value' },
      { key: 'x-again', value: 's3cr3t-value' },
    ]);
    expect(r.secretsUsed).toEqual(['s3cr3t-value']);
  });

  it('uses the secret of the environment when the environment defines the name as secret', () => {
    const s = scope({ collection: [v('token', 'plain-token')], environment: [v('token', '', true)], secretValues: new Map([['token', 'from-keychain']]) });
    const r = resolved(resolveRequest(withTarget('{{token}}'), s));
    expect(r.document.connection.target).toBe('from-keychain');
    expect(r.secretsUsed).toEqual(['from-keychain']);
  });

  it('reports a secret without a value as unresolved, saying so', () => {
    const s = scope({ environment: [v('token', '', true)] });
    const unresolved = failed(resolveRequest(doc({ auth: { kind: 'bearer', token: '{{token}}' } }), s));
    expect(unresolved).toEqual([{ name: 'token', where: 'auth token (secret value not set)' }]);
    const message = unresolvedMessage(unresolved);
    expect(message).toContain('{{token}}');
    expect(message).toContain('auth token');
    expect(message).toContain('Set the secret value of {{token}} in Environments.');
    expect(message).not.toContain('Define');
  });

  it('resolves variables inside variable values, also secrets reached that way', () => {
    const s = scope({
      collection: [v('host', 'api.{{domain}}'), v('domain', '{{tld}}-zone'), v('tld', 'example'), v('auth', 'Bearer {{token}}'), v('token', '', true)],
      secretValues: new Map([['token', 'tok-123']]),
    });
    const d = doc({ metadata: [{ key: 'authorization', value: '{{auth}}' }] });
    const r = resolved(resolveRequest({ ...d, connection: { ...d.connection, target: '{{host}}:443' } }, s));
    expect(r.document.connection.target).toBe('api.example-zone:443');
    expect(r.document.metadata[0]?.value).toBe('Bearer tok-123');
    expect(r.secretsUsed).toEqual(['tok-123']);
  });

  it('uses secret values literally, without resolving braces in them', () => {
    const s = scope({ collection: [v('pw', '', true)], secretValues: new Map([['pw', 'p{{a}}w']]) });
    expect(resolved(resolveRequest(withTarget('{{pw}}'), s)).document.connection.target).toBe('p{{a}}w');
  });

  it('reports a missing variable reached through another one, naming the path', () => {
    const s = scope({ collection: [v('host', '{{missing}}.example')] });
    const unresolved = failed(resolveRequest(withTarget('{{host}}'), s));
    expect(unresolved).toEqual([{ name: 'missing', where: 'target (via {{host}})' }]);
  });

  it('reports a cycle as unresolved, the where showing the cycle', () => {
    const s = scope({ collection: [v('a', 'x{{b}}'), v('b', '{{a}}y')] });
    const unresolved = failed(resolveRequest(withTarget('{{a}}'), s));
    expect(unresolved).toEqual([{ name: 'a', where: 'target (cycle: {{a}} → {{b}} → {{a}})' }]);
    expect(unresolvedMessage(unresolved)).toContain('break the cycle');

    const self = failed(resolveRequest(doc({ body: '{{me}}' }), scope({ collection: [v('me', '{{me}}')] })));
    expect(self).toEqual([{ name: 'me', where: 'body (cycle: {{me}} → {{me}})' }]);
  });

  it(`nests at most ${MAX_DEPTH} levels`, () => {
    const chain = (n: number) => Array.from({ length: n }, (_, i) => v(`v${i + 1}`, i + 1 < n ? `{{v${i + 2}}}` : 'end'));
    expect(resolved(resolveRequest(withTarget('{{v1}}'), scope({ collection: chain(MAX_DEPTH) }))).document.connection.target).toBe('end');
    const tooDeep = failed(resolveRequest(withTarget('{{v1}}'), scope({ collection: chain(MAX_DEPTH + 1) })));
    expect(tooDeep).toHaveLength(1);
    expect(tooDeep[0]?.name).toBe(`v${MAX_DEPTH + 1}`);
    expect(tooDeep[0]?.where).toContain(`nested more than ${MAX_DEPTH} levels deep`);
  });

  it('makes dynamic values: uuid, timestamps, random int', () => {
    const before = Date.now();
    const d = doc({ metadata: [{ key: 'x-id', value: '{{$uuid}}' }, { key: 'x-id2', value: '{{ $uuid }}' }], body: '{"t": {{$timestamp}}, "iso": "{{$isoTimestamp}}", "n": {{$randomInt}}}' });
    const r = resolved(resolveRequest(d, scope()));
    const after = Date.now();
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(r.document.metadata[0]?.value).toMatch(uuid);
    expect(r.document.metadata[1]?.value).toMatch(uuid);
    expect(r.document.metadata[0]?.value).not.toBe(r.document.metadata[1]?.value);
    const body = JSON.parse(r.document.body) as { t: number; iso: string; n: number };
    expect(Number.isInteger(body.t)).toBe(true);
    expect(body.t).toBeGreaterThanOrEqual(Math.floor(before / 1000));
    expect(body.t).toBeLessThanOrEqual(Math.ceil(after / 1000));
    const iso = Date.parse(body.iso);
    expect(body.iso).toBe(new Date(iso).toISOString());
    expect(iso).toBeGreaterThanOrEqual(before);
    expect(iso).toBeLessThanOrEqual(after);
    expect(Number.isInteger(body.n)).toBe(true);
    expect(body.n).toBeGreaterThanOrEqual(0);
    expect(body.n).toBeLessThanOrEqual(1000);
  });

  it('keeps $randomInt within 0..1000 over many draws', () => {
    const d = doc({ messages: Array.from({ length: 300 }, () => '{{$randomInt}}') });
    for (const m of resolved(resolveRequest(d, scope())).document.messages) {
      expect(m).toMatch(/^\d+$/);
      expect(Number(m)).toBeLessThanOrEqual(1000);
    }
  });

  it('reads {{$env.NAME}} from env, null or missing being unresolved', () => {
    const s = scope({ env: { HOME: '/home/me', EMPTY: '', UNSET: null } });
    expect(resolved(resolveRequest(withTarget('{{$env.HOME}}|{{ $env.EMPTY }}'), s)).document.connection.target).toBe('/home/me|');
    const unresolved = failed(resolveRequest(doc({ deadline: '{{$env.UNSET}}', body: '{{$env.NOPE}}' }), s));
    expect(unresolved).toEqual([
      { name: '$env.UNSET', where: 'deadline' },
      { name: '$env.NOPE', where: 'body' },
    ]);
    const message = unresolvedMessage(unresolved);
    expect(message).toContain('Set the environment variables UNSET and NOPE');
    expect(message).not.toContain('Define');
  });

  it('does not look up object prototype names in env or definitions', () => {
    const unresolved = failed(resolveRequest(withTarget('{{$env.constructor}}{{toString}}'), scope()));
    expect(unresolved.map((u) => u.name)).toEqual(['$env.constructor', 'toString']);
  });

  it('reports an unknown dynamic variable', () => {
    const unresolved = failed(resolveRequest(withTarget('{{$nope}}'), scope()));
    expect(unresolved).toEqual([{ name: '$nope', where: 'target' }]);
    expect(unresolvedMessage(unresolved)).toContain('is not a dynamic variable');
  });

  it('leaves an unclosed {{ as literal text', () => {
    const r = resolved(resolveRequest(doc({ body: '{"a": "{{ not closed", "b": "{{x}}"}' }), scope({ collection: [v('x', '1')] })));
    expect(r.document.body).toBe('{"a": "{{ not closed", "b": "1"}');
  });

  it('inserts values raw in JSON text: quotes are the user\'s', () => {
    const s = scope({ collection: [v('n', '42'), v('obj', '{"k": true}'), v('s', 'text')] });
    const r = resolved(resolveRequest(doc({ body: '{"n": {{n}}, "o": {{obj}}, "s": "{{s}}"}' }), s));
    expect(JSON.parse(r.document.body)).toEqual({ n: 42, o: { k: true }, s: 'text' });
  });

  it('resolves every string field of the document and leaves the rest alone', () => {
    const names = ['target', 'ca', 'cert', 'key', 'sni', 'ua', 'mkey', 'mval', 'deadline', 'token', 'body', 'm1', 'm2'];
    const s = scope({ collection: names.map((n) => v(n, `<${n}>`)) });
    const base = doc({ emitDefaults: true });
    const d: RequestDocument = {
      ...base,
      method: { service: 'pkg.{{target}}', method: '{{target}}' },
      connection: {
        ...base.connection,
        target: '{{target}}',
        tls: { enabled: true, caPath: '{{ca}}', certPath: '{{cert}}', keyPath: '{{key}}', serverNameOverride: '{{sni}}', skipVerify: true },
        keepalive: { timeMs: 1000, timeoutMs: 2000, permitWithoutCalls: true },
        maxReceiveBytes: 5,
        maxSendBytes: 6,
        userAgent: '{{ua}}',
      },
      metadata: [{ key: 'x-{{mkey}}', value: '{{mval}}' }],
      deadline: '{{deadline}}',
      auth: { kind: 'bearer', token: '{{token}}' },
      body: '{{body}}',
      messages: ['{{m1}}', '{{m2}}'],
    };
    const snapshot = structuredClone(d);
    const r = resolved(resolveRequest(d, s));
    expect(r.document).toEqual({
      ...d,
      connection: {
        ...d.connection,
        target: '<target>',
        tls: { enabled: true, caPath: '<ca>', certPath: '<cert>', keyPath: '<key>', serverNameOverride: '<sni>', skipVerify: true },
        userAgent: '<ua>',
      },
      metadata: [{ key: 'x-<mkey>', value: '<mval>' }],
      deadline: '<deadline>',
      auth: { kind: 'bearer', token: '<token>' },
      body: '<body>',
      messages: ['<m1>', '<m2>'],
    });
    // The method is a name, not a template.
    expect(r.document.method).toEqual({ service: 'pkg.{{target}}', method: '{{target}}' });
    expect(d).toEqual(snapshot);
  });

  it('resolves basic and api_key auth fields', () => {
    const s = scope({ collection: [v('u', 'user'), v('p', 'pass'), v('h', 'x-api-key'), v('k', 'key')] });
    expect(resolved(resolveRequest(doc({ auth: { kind: 'basic', username: '{{u}}', password: '{{p}}' } }), s)).document.auth).toEqual({ kind: 'basic', username: 'user', password: 'pass' });
    expect(resolved(resolveRequest(doc({ auth: { kind: 'api_key', header: '{{h}}', key: '{{k}}' } }), s)).document.auth).toEqual({ kind: 'api_key', header: 'x-api-key', key: 'key' });
  });

  it('names the place of each unresolved variable in every field', () => {
    const base = doc();
    const d: RequestDocument = {
      ...base,
      connection: {
        ...base.connection,
        target: '{{a}}',
        tls: { ...base.connection.tls, caPath: '{{b}}', certPath: '{{c}}', keyPath: '{{d}}', serverNameOverride: '{{e}}' },
        userAgent: '{{f}}',
      },
      metadata: [{ key: '{{g}}', value: '{{h}}' }, { key: 'authorization', value: '{{token}}' }],
      deadline: '{{i}}',
      auth: { kind: 'basic', username: '{{j}}', password: '{{k}}' },
      body: '{{l}}',
      messages: ['ok', '{{m}}'],
    };
    expect(failed(resolveRequest(d, scope()))).toEqual([
      { name: 'a', where: 'target' },
      { name: 'b', where: 'TLS CA path' },
      { name: 'c', where: 'TLS certificate path' },
      { name: 'd', where: 'TLS key path' },
      { name: 'e', where: 'TLS server name override' },
      { name: 'f', where: 'user agent' },
      { name: 'g', where: 'metadata key "{{g}}"' },
      { name: 'h', where: 'metadata "{{g}}"' },
      { name: 'token', where: 'metadata "authorization"' },
      { name: 'i', where: 'deadline' },
      { name: 'j', where: 'auth username' },
      { name: 'k', where: 'auth password' },
      { name: 'l', where: 'body' },
      { name: 'm', where: 'message 2' },
    ]);
  });
});

describe('unresolvedMessage', () => {
  it('names the variable and the place', () => {
    expect(unresolvedMessage([{ name: 'token', where: 'metadata "authorization"' }])).toBe(
      'Unresolved variable {{token}} in metadata "authorization". Define it in the collection or the active environment.',
    );
  });

  it('lists several, each once', () => {
    const message = unresolvedMessage([
      { name: 'host', where: 'target' },
      { name: 'token', where: 'auth token' },
      { name: 'host', where: 'target' },
      { name: 'host', where: 'body' },
    ]);
    expect(message).toBe('Unresolved variables: {{host}} in target and body; {{token}} in auth token. Define {{host}} and {{token}} in the collection or the active environment.');
  });

  it('is what resolveRequest reports for a document', () => {
    const unresolved = failed(resolveRequest(doc({ metadata: [{ key: 'authorization', value: 'Bearer {{token}}' }] }), scope()));
    expect(unresolvedMessage(unresolved)).toBe('Unresolved variable {{token}} in metadata "authorization". Define it in the collection or the active environment.');
  });
});

describe('envReferences and secretNamesUsed', () => {
  const d = doc({
    metadata: [{ key: 'authorization', value: '{{auth}}' }, { key: 'x-home', value: '{{$env.HOME}}' }],
    body: '{"a": "{{ $env.USER }}", "b": "{{$env.HOME}}", "c": "{{plainSecretInEnv}}"}',
  });
  const collection = [v('auth', 'Bearer {{token}}'), v('token', '', true), v('plainSecretInEnv', '', true), v('path', '{{$env.PATHY}}')];
  const environment = [v('plainSecretInEnv', 'not secret here')];

  it('finds $env names in the document, once each', () => {
    expect(envReferences(d)).toEqual(['HOME', 'USER']);
    expect(envReferences(doc())).toEqual([]);
  });

  it('finds $env names inside variable values when given the variables', () => {
    const withPath = { ...d, deadline: '{{path}}' };
    expect(envReferences(withPath)).toEqual(['HOME', 'USER']);
    expect(envReferences(withPath, collection, environment)).toEqual(['HOME', 'USER', 'PATHY']);
  });

  it('lists referenced secrets, also through other variables, the environment deciding', () => {
    expect(secretNamesUsed(d, collection, environment)).toEqual(['token']);
    expect(secretNamesUsed(d, collection, null)).toEqual(['plainSecretInEnv', 'token']);
    expect(secretNamesUsed(doc(), collection, null)).toEqual([]);
  });
});

describe('maskVariablesForJsonValidation', () => {
  it('makes JSON with variables parse, strings staying strings and bare values numbers', () => {
    const masked = maskVariablesForJsonValidation('{"a": "{{x}}", "b": {{n}}}');
    const parsed = JSON.parse(masked) as { a: unknown; b: unknown };
    expect(typeof parsed.a).toBe('string');
    expect(parsed.b).toBe(0);
  });

  it('handles spaces, several variables in one string, arrays, escapes and keeps the length', () => {
    const text = '{"a": "pre {{ x }} mid {{y}} \\" {{z}}", "list": [{{ n }}, {{m}}], "{{k}}": true}';
    const masked = maskVariablesForJsonValidation(text);
    expect(masked).toHaveLength(text.length);
    const parsed = JSON.parse(masked) as { a: string; list: number[] };
    expect(parsed.a.startsWith('pre ')).toBe(true);
    expect(parsed.a).toContain('"');
    expect(parsed.list).toEqual([0, 0]);
  });

  it('leaves text without variables and unclosed {{ as it is', () => {
    expect(maskVariablesForJsonValidation('{"a": 1}')).toBe('{"a": 1}');
    expect(maskVariablesForJsonValidation('{"a": "{{ open"}')).toBe('{"a": "{{ open"}');
    expect(() => JSON.parse(maskVariablesForJsonValidation('{"a": {{ open}'))).toThrow();
  });

  it('still lets real JSON errors through', () => {
    expect(() => JSON.parse(maskVariablesForJsonValidation('{"a": {{x}},}'))).toThrow();
  });
});
