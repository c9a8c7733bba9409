import { describe, expect, it } from 'vitest';
import type { ProtoSource } from '../../../shared/catalog';
import type { ConnectionSettings } from '../../../shared/connection';
import { defaultConnectionSettings } from '../../../shared/connection';
import type { MetadataEntry } from '../../../shared/metadata';
import type { GrpcurlInput } from './grpcurl';
import { buildGrpcurlCommand, grpcurlProblem, grpcurlTarget } from './grpcurl';
import type { GrpcurlImport } from './grpcurl-import';
import { parseGrpcurlCommand, prettyJson } from './grpcurl-import';

function imported(command: string): GrpcurlImport {
  const result = parseGrpcurlCommand(command);
  if (!result.ok) throw new Error(`expected ${command} to import, got: ${result.message}`);
  return result.value;
}

function refusal(command: string): string {
  const result = parseGrpcurlCommand(command);
  if (result.ok) throw new Error(`expected ${command} to be refused`);
  return result.message;
}

// ---- Round trip: buildGrpcurlCommand, then parseGrpcurlCommand ---------------------------

/** A small deterministic PRNG, so every run checks the same combinations. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TARGETS = [
  '127.0.0.1:50051',
  'localhost:8443',
  'api.example.com:443',
  '[::1]:50051',
  'dns:///svc.internal:9000',
  'ipv4:10.0.0.1:50051,10.0.0.2:50051',
  'unix:///tmp/grpc.sock',
  'unix:///tmp/with space/grpc.sock',
  'unix:relative/dir/grpc.sock',
  // URLs: https:// means TLS on port 443 by default, http:// plaintext on 80 (as the engine reads them).
  'https://api.example.com',
  'https://gw.example.com:8443/',
  'HTTPS://[::1]',
  'http://localhost:8080',
  'http://plain.example.com',
];
/** Targets with a path prefix, which grpcurl cannot send: copying them is refused. */
const PREFIXED_TARGETS = ['https://gw.example.com/grpc', 'http://localhost:8080/api/v1/', 'https://gw.example.com:8443/a%20b'];
const CA_PATHS = ['/certs/ca.pem', '/certs/ca bundle.pem', '/certs/ünïcode/ca.pem', "/certs/it's/ca.pem"];
const CLIENT_PAIRS: Array<[string, string]> = [
  ['/certs/client.pem', '/certs/client.key'],
  ['/home/me/my certs/client.crt', '/home/me/my certs/client "key".pem'],
];
const METADATA: MetadataEntry[] = [
  { key: 'authorization', value: 'Bearer abc.def-ghi' },
  { key: 'x-forwarded', value: 'a:b:c' },
  { key: 'x-quote', value: `it's "quoted"` },
  { key: 'x-space', value: 'hello   world' },
  { key: 'x-unicode', value: 'héllo wörld ✓ 日本' },
  { key: 'x-shell', value: '$HOME `pwd` $(id) ; | & > <' },
  { key: 'trace-bin', value: 'AAEC' },
  { key: 'x-backslash', value: 'C:\\path\\to\\file' },
  { key: 'x-empty', value: '' },
  { key: 'x-url', value: 'https://example.com/a?b=c&d=e#f' },
];
const BODIES = [
  '',
  '{"message":"hi"}',
  '{\n  "text": "say \\"hi\\", it\'s me"\n}',
  '{"text":"line1\\nline2\\ttab","empty":{},"list":[]}',
  '{"cost":"$5 and $HOME and `pwd` and $(id)"}',
  '{"path":"C:\\\\dir\\\\file","regex":"\\\\d+\\\\s*"}',
  '{"name":"Zoë 🚀 日本語","nested":{"values":[1,2.5,-3.25,true,false,null],"deeper":[{"a":[]}]}}',
  '   {"padded": true}   \n',
  '{ broken',
  "not json\nwith a newline, a $HOME, a \\ backslash and 'quotes'",
  // 64-bit values above 2^53 (JSON.parse would round 9007199254740993 to ...992) and literals JSON.stringify would rewrite.
  '{\n  "id": 9007199254740993,\n  "ids": ["9007199254740993", -9223372036854775808, 18446744073709551615],\n  "ratio": 1.50, "big": 1E400, "esc": "\\u00e9\\/"\n}',
];
const DEADLINES = [null, 1, 250, 1500, 5000, 60_000, 123_456];
const KEEPALIVES = [null, 250, 10_000, 30_000];
const MAX_RECEIVE = [null, 1, 1_048_576, 4_194_304];
const METHODS: Array<[string, string]> = [
  ['demo.v1.DemoService', 'Echo'],
  ['Greeter', 'SayHello'],
  ['a.b.c.Service', 'Method_2'],
];
const SOURCES: Array<ProtoSource | null> = [
  null,
  { kind: 'reflection', target: 'x:1' },
  { kind: 'files', protoFiles: ['demo.proto'], importPaths: [] },
  { kind: 'files', protoFiles: ['shop/v1/orders.proto', 'shop/v1/common types.proto'], importPaths: ['/home/me/api/protos', '/home/me/api/third party'] },
  { kind: 'descriptor_sets', paths: ['/a.protoset', "/b's/api.binpb"] },
];

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

function generatedInput(seed: number): GrpcurlInput {
  const next = random(seed);
  const connection = defaultConnectionSettings(pick(next, TARGETS));
  if (next() < 0.5) {
    const [certPath, keyPath] = next() < 0.5 ? pick(next, CLIENT_PAIRS) : ['', ''];
    connection.tls = {
      enabled: true,
      caPath: next() < 0.5 ? pick(next, CA_PATHS) : '',
      certPath,
      keyPath,
      serverNameOverride: '',
      skipVerify: next() < 0.4,
    };
  }
  if (next() < 0.3) connection.tls.serverNameOverride = 'internal.example';
  connection.keepalive.timeMs = pick(next, KEEPALIVES);
  connection.maxReceiveBytes = pick(next, MAX_RECEIVE);
  const metadata: MetadataEntry[] = [];
  const count = Math.floor(next() * 5);
  for (let i = 0; i < count; i += 1) metadata.push({ ...pick(next, METADATA) });
  const [service, method] = pick(next, METHODS);
  return {
    connection,
    metadata,
    deadlineMs: pick(next, DEADLINES),
    body: pick(next, BODIES),
    service,
    method,
    emitDefaults: next() < 0.5,
    source: pick(next, SOURCES),
  };
}

/** The target the import gives back: what grpcurl was told, in the form gRPC reads. */
function expectedTarget(target: string): string {
  const { address, unix } = grpcurlTarget(target);
  if (!unix) return address;
  return address.startsWith('/') ? `unix://${address}` : `unix:${address}`;
}

/** https://host[:port] comes back as host:port (443 by default) with TLS on; http:// as host:port (80) in plaintext. */
function expectedConnection(input: GrpcurlInput): ConnectionSettings {
  const expected = defaultConnectionSettings(expectedTarget(input.connection.target));
  const tls = input.connection.tls;
  const httpsTarget = /^https:\/\//i.test(input.connection.target.trim());
  expected.tls = tls.enabled
    ? { ...tls }
    : { ...expected.tls, enabled: httpsTarget, serverNameOverride: tls.serverNameOverride };
  expected.keepalive.timeMs = input.connection.keepalive.timeMs;
  expected.maxReceiveBytes = input.connection.maxReceiveBytes;
  return expected;
}

/** JSON text without the whitespace between tokens: literals (numbers, strings) exactly as written. */
function jsonTokens(text: string): string {
  return (text.match(/"(?:[^"\\]|\\.)*"|[^\s"]+/g) ?? []).join('');
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function checkRoundTrip(input: GrpcurlInput): void {
  const command = buildGrpcurlCommand(input);
  const result = parseGrpcurlCommand(command);
  if (!result.ok) throw new Error(`${command}\n  was refused: ${result.message}`);
  const { document, schema, notes } = result.value;

  expect(document.method, command).toEqual({ service: input.service, method: input.method });
  expect(document.kind).toBeNull();
  expect(document.connection, command).toEqual(expectedConnection(input));
  expect(document.metadata, command).toEqual(input.metadata);
  expect(document.deadline, command).toBe(input.deadlineMs === null ? '' : String(input.deadlineMs));
  expect(document.emitDefaults, command).toBe(input.emitDefaults);
  expect(document.auth).toEqual({ kind: 'none' });
  expect(document.messages).toEqual([]);

  const body = input.body.trim();
  if (body === '') expect(document.body).toBe('');
  else if (isJson(body)) {
    // Every literal as typed, so a 64-bit 9007199254740993 keeps its last digit both ways.
    expect(jsonTokens(document.body), command).toBe(jsonTokens(body));
    expect(JSON.parse(document.body), command).toEqual(JSON.parse(body));
    expect(document.body).toBe(prettyJson(body));
  } else {
    expect(document.body, command).toBe(body);
    expect(notes).toContain('The body is not valid JSON: it was kept as typed.');
  }

  const source = input.source;
  expect(schema, command).toEqual({
    protoFiles: source?.kind === 'files' ? source.protoFiles : [],
    importPaths: source?.kind === 'files' ? source.importPaths : [],
    protosets: source?.kind === 'descriptor_sets' ? source.paths : [],
  });
}

describe('grpcurl import round trip', () => {
  const seeds = Array.from({ length: 200 }, (_, i) => i + 1);

  it.each(seeds)('reads back the command built for request #%i', (seed) => {
    checkRoundTrip(generatedInput(seed));
  });

  it('covers every value of every axis in the generated requests', () => {
    const inputs = seeds.map(generatedInput);
    const seen = (values: unknown[]) => new Set(values.map((v) => JSON.stringify(v)));
    expect(seen(inputs.map((i) => i.connection.target)).size).toBe(TARGETS.length);
    expect(seen(inputs.map((i) => i.connection.tls.enabled)).size).toBe(2);
    expect(inputs.some((i) => i.connection.tls.enabled && i.connection.tls.skipVerify)).toBe(true);
    expect(inputs.some((i) => i.connection.tls.enabled && i.connection.tls.certPath !== '' && i.connection.tls.caPath !== '')).toBe(true);
    expect(inputs.some((i) => !i.connection.tls.enabled && i.connection.tls.serverNameOverride !== '')).toBe(true);
    expect(seen(inputs.map((i) => i.body)).size).toBe(BODIES.length);
    expect(seen(inputs.flatMap((i) => i.metadata)).size).toBe(METADATA.length);
    expect(seen(inputs.map((i) => i.deadlineMs)).size).toBe(DEADLINES.length);
    expect(seen(inputs.map((i) => i.connection.keepalive.timeMs)).size).toBe(KEEPALIVES.length);
    expect(seen(inputs.map((i) => i.connection.maxReceiveBytes)).size).toBe(MAX_RECEIVE.length);
    expect(seen(inputs.map((i) => i.source)).size).toBe(SOURCES.length);
    expect(seen(inputs.map((i) => i.emitDefaults)).size).toBe(2);
  });

  it('refuses to copy a target with a path prefix, which grpcurl cannot send, saying so', () => {
    for (const target of PREFIXED_TARGETS) {
      const prefixed = { ...generatedInput(1), connection: defaultConnectionSettings(target) };
      const problem = grpcurlProblem(prefixed);
      expect(problem, target).toMatch(/^grpcurl cannot send a path prefix: the server address .* puts \/\S+ in front of every method path .*Remove \/\S+ from the address/);
      expect(() => buildGrpcurlCommand(prefixed), target).toThrow(/grpcurl cannot send a path prefix/);
    }
    expect(grpcurlProblem({ connection: defaultConnectionSettings('https://gw.example.com/grpc/') })).toContain('puts /grpc in front');
    for (const target of TARGETS) expect(grpcurlProblem({ connection: defaultConnectionSettings(target) }), target).toBeNull();
  });

  it('reads back an https request with a 64-bit id above 2^53, every digit kept', () => {
    const connection = defaultConnectionSettings('https://api.example.com');
    connection.tls.serverNameOverride = 'internal.example';
    const input: GrpcurlInput = {
      connection,
      metadata: [{ key: 'authorization', value: 'Bearer abc' }],
      deadlineMs: 1500,
      body: '{"id": 9007199254740993, "parent": "9007199254740993"}',
      service: 'demo.v1.DemoService',
      method: 'Describe',
      emitDefaults: false,
      source: null,
    };
    const command = buildGrpcurlCommand(input);
    expect(command).toBe(
      `grpcurl -authority internal.example -H 'authorization: Bearer abc' -max-time 1.5 -d '{"id":9007199254740993,"parent":"9007199254740993"}' api.example.com:443 demo.v1.DemoService/Describe`,
    );
    const { document } = imported(command);
    expect(document.connection.target).toBe('api.example.com:443');
    expect(document.connection.tls).toEqual({ enabled: true, caPath: '', certPath: '', keyPath: '', serverNameOverride: 'internal.example', skipVerify: false });
    expect(document.body).toBe('{\n  "id": 9007199254740993,\n  "parent": "9007199254740993"\n}');
    checkRoundTrip(input);
  });

  it('reads back a request with everything set at once', () => {
    const connection = defaultConnectionSettings('unix:///run/my app/grpc.sock');
    connection.tls = { enabled: true, caPath: CA_PATHS[3] as string, certPath: '/c.pem', keyPath: '/k.pem', serverNameOverride: 'internal.example', skipVerify: true };
    connection.keepalive.timeMs = 1234;
    connection.maxReceiveBytes = 99;
    checkRoundTrip({
      connection,
      metadata: METADATA,
      deadlineMs: 987,
      body: BODIES[6] as string,
      service: 'demo.v1.DemoService',
      method: 'Echo',
      emitDefaults: true,
      source: SOURCES[3] as ProtoSource,
    });
  });
});

// ---- Commands as people paste them --------------------------------------------------------

describe('grpcurl import of pasted commands', () => {
  it('reads a multi-line command with continuations', () => {
    const { document, schema, notes } = imported(`grpcurl \\
  -plaintext \\
  -H 'authorization: Bearer token-123' \\
  -H "x-request-id:   abc:def  " \\
  -d '{"name": "world", "tags": ["a", "b"]}' \\
  localhost:50051 \\
  helloworld.Greeter/SayHello
`);
    expect(document.method).toEqual({ service: 'helloworld.Greeter', method: 'SayHello' });
    expect(document.connection.target).toBe('localhost:50051');
    expect(document.connection.tls.enabled).toBe(false);
    expect(document.metadata).toEqual([
      { key: 'authorization', value: 'Bearer token-123' },
      { key: 'x-request-id', value: 'abc:def' },
    ]);
    expect(document.body).toBe('{\n  "name": "world",\n  "tags": [\n    "a",\n    "b"\n  ]\n}');
    expect(schema).toEqual({ protoFiles: [], importPaths: [], protosets: [] });
    expect(notes).toEqual([]);
  });

  it('takes --flag and --flag=value forms, a grpcurl path and the dotted method form', () => {
    const { document, schema } = imported(
      `/usr/local/bin/grpcurl --plaintext=false --insecure --authority=api.internal --max-time=2.5 --keepalive-time 20 --max-msg-sz=1048576 ` +
        `--user-agent "my-tool/1.0 (linux)" --emit-defaults --import-path=./protos --proto shop/v1/orders.proto --H="X-Trace: 1" ` +
        `--format=json -v api.example.com:443 shop.v1.Orders.GetOrder`,
    );
    expect(document.method).toEqual({ service: 'shop.v1.Orders', method: 'GetOrder' });
    expect(document.connection.tls).toEqual({ enabled: true, caPath: '', certPath: '', keyPath: '', serverNameOverride: 'api.internal', skipVerify: true });
    expect(document.deadline).toBe('2500');
    expect(document.connection.keepalive.timeMs).toBe(20_000);
    expect(document.connection.maxReceiveBytes).toBe(1_048_576);
    expect(document.connection.userAgent).toBe('my-tool/1.0 (linux)');
    expect(document.emitDefaults).toBe(true);
    expect(document.metadata).toEqual([{ key: 'x-trace', value: '1' }]);
    expect(schema).toEqual({ protoFiles: ['shop/v1/orders.proto'], importPaths: ['./protos'], protosets: [] });
  });

  it('uses TLS unless -plaintext is given, as grpcurl does, with CA and client certificate files', () => {
    const { document } = imported('grpcurl -cacert ca.pem -cert client.pem -key client.key -servername api.internal -protoset api.protoset api.example.com:443 pkg.Svc/Do');
    expect(document.connection.tls).toEqual({ enabled: true, caPath: 'ca.pem', certPath: 'client.pem', keyPath: 'client.key', serverNameOverride: 'api.internal', skipVerify: false });
    expect(imported('grpcurl api.example.com:443 pkg.Svc/Do').document.connection.tls.enabled).toBe(true);
  });

  it('reads double-quoted bodies with escapes and keeps shell variables as typed, with a note', () => {
    const { document, notes } = imported(`grpcurl -plaintext -d "{\\"user\\": \\"$USER\\", \\"cost\\": \\"\\$5\\"}" localhost:50051 pkg.Svc/Do`);
    expect(JSON.parse(document.body)).toEqual({ user: '$USER', cost: '$5' });
    expect(notes).toEqual([expect.stringContaining('$USER')]);
  });

  it("reads $'...' strings", () => {
    const { document } = imported(`grpcurl -plaintext -d $'{"text": "it\\'s \\x41 \\\\n"}' localhost:50051 pkg.Svc/Do`);
    expect(JSON.parse(document.body)).toEqual({ text: "it's A \n" });
  });

  it('maps -unix to a unix: target the way the export side reads it', () => {
    expect(imported('grpcurl -plaintext -unix /tmp/grpc.sock pkg.Svc/Do').document.connection.target).toBe('unix:///tmp/grpc.sock');
    const relative = imported('grpcurl -plaintext -unix=true sockets/grpc.sock pkg.Svc/Do');
    expect(relative.document.connection.target).toBe('unix:sockets/grpc.sock');
    expect(relative.notes).toEqual([expect.stringContaining('relative')]);
  });

  it('notes what it approximates or ignores', () => {
    const { document, notes } = imported(
      "grpcurl -plaintext -connect-timeout 3 -reflect-header 'x-reflect: yes' -rpc-header 'x-rpc: yes' -allow-unknown-fields -format-error -vv localhost:1 a.B/C | jq .",
    );
    expect(document.metadata).toEqual([
      { key: 'x-reflect', value: 'yes' },
      { key: 'x-rpc', value: 'yes' },
    ]);
    expect(notes.join('\n')).toMatch(/-connect-timeout is not supported/);
    expect(notes.join('\n')).toMatch(/-reflect-header/);
    expect(notes.join('\n')).toMatch(/-allow-unknown-fields/);
    expect(notes.join('\n')).toMatch(/\| jq \./);
  });

  it('keeps a body that is not JSON as typed, with a note', () => {
    const { document, notes } = imported("grpcurl -plaintext -d '{ name: \"x\" }' localhost:1 a.B/C");
    expect(document.body).toBe('{ name: "x" }');
    expect(notes).toEqual(['The body is not valid JSON: it was kept as typed.']);
  });

  it('turns several JSON messages in a row into stream messages', () => {
    const { document, notes } = imported(`grpcurl -plaintext -d '{"n": 1} {"n": 2}\n{"n": 3}' localhost:1 a.B/C`);
    expect(document.messages.map((m) => JSON.parse(m) as unknown)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(JSON.parse(document.body)).toEqual({ n: 1 });
    expect(notes).toEqual([expect.stringContaining('3 JSON messages')]);
  });

  it('keeps every digit of a 64-bit number and every escape as written', () => {
    const { document } = imported(`grpcurl -plaintext -d '{"id":12345678901234567890,"s":"\\u00e9"}' localhost:1 a.B/C`);
    expect(document.body).toBe('{\n  "id": 12345678901234567890,\n  "s": "\\u00e9"\n}');
  });

  it('reads -H without a colon as an empty value, and skips an empty -H', () => {
    expect(imported("grpcurl -plaintext -H x-flag -H '' localhost:1 a.B/C").document.metadata).toEqual([{ key: 'x-flag', value: '' }]);
  });

  it('turns -max-time and -keepalive-time seconds into whole milliseconds', () => {
    expect(imported('grpcurl -plaintext -max-time 0.0004 localhost:1 a.B/C').document.deadline).toBe('1');
    expect(imported('grpcurl -plaintext -max-time .25 localhost:1 a.B/C').document.deadline).toBe('250');
    expect(imported('grpcurl -plaintext -max-time 0 localhost:1 a.B/C').document.deadline).toBe('');
    expect(imported('grpcurl -plaintext -keepalive-time 1.5 localhost:1 a.B/C').document.connection.keepalive.timeMs).toBe(1500);
  });

  it('accepts a copied prompt, comments and CRLF line ends', () => {
    const { document } = imported('# call it\r\n$ grpcurl -plaintext \\\r\n  localhost:1 \\\r\n  a.B/C\r\n');
    expect(document.connection.target).toBe('localhost:1');
  });

  it('names an unknown flag exactly', () => {
    expect(refusal('grpcurl -foo localhost:1 a.B/C')).toBe('grpcurl flag -foo is not supported.');
    expect(refusal('grpcurl --foo=bar localhost:1 a.B/C')).toBe('grpcurl flag --foo is not supported.');
    expect(refusal('grpcurl -plaintext -expand-headers localhost:1 a.B/C')).toBe('grpcurl flag -expand-headers is not supported.');
    expect(refusal('grpcurl -h')).toBe('grpcurl flag -h is not supported.');
  });

  it('refuses a body read from standard input', () => {
    expect(refusal('grpcurl -plaintext -d @ localhost:1 a.B/C < body.json')).toMatch(/standard input.*inline/);
  });

  it('refuses list and describe: only calls can be imported', () => {
    expect(refusal('grpcurl -plaintext localhost:50051 list')).toMatch(/grpcurl list .*only calls/);
    expect(refusal('grpcurl -plaintext localhost:50051 describe pkg.Svc')).toMatch(/grpcurl describe .*only calls/);
    expect(refusal('grpcurl -protoset api.protoset list')).toMatch(/only calls/);
  });

  it('refuses a missing or malformed method or address', () => {
    expect(refusal('grpcurl -plaintext localhost:50051')).toMatch(/names no method/);
    expect(refusal('grpcurl -plaintext pkg.Svc/Do')).toMatch(/names no server address/);
    expect(refusal('grpcurl -plaintext')).toMatch(/names no server address or method/);
    expect(refusal('grpcurl -plaintext localhost:1 not-a-method')).toMatch(/"not-a-method" is not a method name/);
    expect(refusal('grpcurl -plaintext localhost:1 a.B/C extra words')).toMatch(/more arguments.*"extra", "words"/);
  });

  it('refuses -format text, flags without values and bad numbers', () => {
    expect(refusal('grpcurl -plaintext -format text localhost:1 a.B/C')).toMatch(/-format text is not supported/);
    expect(refusal('grpcurl -plaintext -format yaml localhost:1 a.B/C')).toMatch(/json or text/);
    expect(refusal('grpcurl -plaintext localhost:1 a.B/C -d')).toBe('grpcurl flag -d needs a value.');
    expect(refusal('grpcurl -plaintext -max-time soon localhost:1 a.B/C')).toMatch(/-max-time takes a number of seconds/);
    expect(refusal('grpcurl -plaintext -max-msg-sz 4MB localhost:1 a.B/C')).toMatch(/-max-msg-sz takes a number of bytes/);
    expect(refusal('grpcurl -plaintext=maybe localhost:1 a.B/C')).toMatch(/true or false/);
  });

  it('refuses TLS flags grpcurl refuses', () => {
    expect(refusal('grpcurl -plaintext -insecure localhost:1 a.B/C')).toMatch(/-plaintext together with -insecure/);
    expect(refusal('grpcurl -plaintext -cacert ca.pem localhost:1 a.B/C')).toMatch(/-plaintext together with -cacert/);
    expect(refusal('grpcurl -cert c.pem localhost:1 a.B/C')).toMatch(/-cert and -key together/);
    expect(refusal('grpcurl -authority a -servername b localhost:1 a.B/C')).toMatch(/-authority and -servername/);
  });

  it('refuses what is not a grpcurl command, or an empty one', () => {
    expect(refusal('curl https://example.com')).toMatch(/not a grpcurl command.*"curl"/);
    expect(refusal('   \n ')).toMatch(/Paste a grpcurl command/);
    expect(refusal(`grpcurl -d '{"a": 1}`)).toMatch(/never closed/);
    expect(refusal('grpcurl -plaintext -d "$(cat body.json)" localhost:1 a.B/C')).toMatch(/command substitution/);
  });
});

describe('prettyJson', () => {
  it('indents like JSON.stringify(value, null, 2)', () => {
    for (const text of BODIES.filter(isJson)) {
      if (text.trim() === '') continue;
      // Where JSON.stringify would rewrite a literal (round a 64-bit number), prettyJson keeps it as written.
      const keepsLiterals = jsonTokens(JSON.stringify(JSON.parse(text))) === jsonTokens(text);
      if (keepsLiterals) expect(prettyJson(text)).toBe(JSON.stringify(JSON.parse(text), null, 2));
      else expect(jsonTokens(prettyJson(text) ?? '')).toBe(jsonTokens(text));
    }
    expect(prettyJson('{"a": [ ], "b": { }}')).toBe('{\n  "a": [],\n  "b": {}\n}');
    expect(prettyJson('{ broken')).toBeNull();
  });
});
