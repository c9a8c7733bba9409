// A valid request for every channel, and malformed ones naming the field each gets wrong.
// Used by the validation tests and by the web host tests (the same table over a real socket).
import type { ChannelName, ChannelRequest } from '../../shared/contract';
import { defaultConnectionSettings } from '../../shared/connection';
import { asCallId, asChannelId, asProtoSetId } from '../../shared/ids';
import { emptyRequestDocument, type RequestDocument } from '../../shared/request-document';

const SAMPLE_DOCUMENT: RequestDocument = {
  ...emptyRequestDocument({ service: 'demo.v1.DemoService', method: 'Echo' }, 'unary'),
  connection: defaultConnectionSettings('{{host}}'),
  metadata: [{ key: 'authorization', value: 'Bearer {{token}}' }],
  body: '{"message":"hi"}',
};

export const VALID_REQUESTS: { [C in ChannelName]: ChannelRequest<C> } = {
  'shell:info': {},
  'protos:compile': { protoFiles: ['/tmp/a.proto'], importPaths: ['/tmp'] },
  'protos:importDescriptorSets': { paths: ['/tmp/set.pb'] },
  'protos:reflect': { connection: defaultConnectionSettings('127.0.0.1:50051'), metadata: [{ key: 'authorization', value: 'Bearer x' }] },
  'protos:list': {},
  'protos:remove': { protoSetId: asProtoSetId('ps-1') },
  'catalog:describeMethod': { protoSetId: asProtoSetId('ps-1'), service: 'demo.v1.DemoService', method: 'Echo' },
  'calls:start': {
    method: { protoSetId: asProtoSetId('ps-1'), service: 'demo.v1.DemoService', method: 'Echo' },
    connection: { ...defaultConnectionSettings('127.0.0.1:50051'), keepalive: { timeMs: 10_000, timeoutMs: 5_000, permitWithoutCalls: true }, maxReceiveBytes: -1 },
    metadata: [],
    deadlineMs: 1_500,
    requestJson: '{"message":"hi"}',
    options: { emitDefaults: false },
  },
  'calls:write': { callId: asCallId('call-1'), json: '{}' },
  'calls:halfClose': { callId: asCallId('call-1') },
  'calls:cancel': { callId: asCallId('call-1') },
  'calls:saveStream': { callId: asCallId('call-1'), path: '/tmp/stream.ndjson' },
  'calls:messages': { callId: asCallId('call-1'), from: 1_000, count: 500 },
  'calls:shown': { pageId: 'page-1', callIds: [asCallId('call-1')] },
  'calls:snapshot': { callIds: [asCallId('call-1')], lastMessages: 500 },
  'calls:list': {},
  'connections:get': { channelId: asChannelId('ch-1') },
  'connections:list': {},
  'connections:close': { channelId: asChannelId('ch-1') },
  'connections:reconnect': { channelId: asChannelId('ch-1') },
  'health:check': { connection: defaultConnectionSettings('127.0.0.1:50051'), metadata: [], service: '' },
  'health:watch': { connection: defaultConnectionSettings('127.0.0.1:50051'), metadata: [], service: 'demo.v1.DemoService' },
  'health:unwatch': { watchId: 'w1' },
  'demo:start': { port: null },
  'demo:stop': {},
  'files:list': { path: null },
  'files:pick': { kind: 'proto_files', multiple: true },
  'workspace:load': {},
  'workspace:save': { version: 1, data: { tabs: [{ name: 'a' }] } },
  'collections:create': { folder: '/tmp/billing', name: 'Billing' },
  'collections:open': { folder: '/tmp/billing' },
  'collections:close': { folder: '/tmp/billing' },
  'collections:readRequest': { folder: '/tmp/billing', path: 'Charge card.grpc.yaml' },
  'collections:writeRequest': { folder: '/tmp/billing', path: 'cards/Charge card.grpc.yaml', document: SAMPLE_DOCUMENT, baseRevision: null },
  'collections:moveRequest': { folder: '/tmp/billing', from: 'a.grpc.yaml', to: 'cards/a.grpc.yaml' },
  'collections:deleteRequest': { folder: '/tmp/billing', path: 'a.grpc.yaml' },
  'collections:moveFolder': { folder: '/tmp/billing', from: 'cards', to: 'payments/cards' },
  'collections:deleteFolder': { folder: '/tmp/billing', path: 'cards' },
  'collections:writeEnvironment': { folder: '/tmp/billing', environment: { name: 'staging', variables: [{ name: 'token', value: '', secret: true }] } },
  'collections:deleteEnvironment': { folder: '/tmp/billing', name: 'staging' },
  'collections:writeSettings': {
    folder: '/tmp/billing',
    name: 'Billing',
    schema: { protoFiles: ['protos/billing.proto'], importPaths: ['protos'], descriptorSets: [], reflection: false },
    variables: [{ name: 'host', value: '127.0.0.1:50051', secret: false }],
  },
  'secrets:status': {},
  'secrets:get': { collection: '/tmp/billing', environment: 'staging', name: 'token' },
  'secrets:set': { collection: '/tmp/billing', environment: 'staging', name: 'token', value: 's3cret' },
  'secrets:delete': { collection: '/tmp/billing', environment: 'staging', name: 'token' },
  'env:read': { names: ['HOME'] },
  'history:record': {
    startedAt: 1_700_000_000_000,
    method: 'demo.v1.DemoService/Echo',
    target: '127.0.0.1:50051',
    environment: 'staging',
    collection: '/tmp/billing',
    request: SAMPLE_DOCUMENT,
    template: SAMPLE_DOCUMENT,
    status: 'OK',
    statusMessage: '',
    headers: [{ key: 'content-type', value: 'application/grpc' }],
    trailers: [],
    durationMs: 3.5,
    messagesSent: 1,
    messagesReceived: 1,
    firstMessages: ['{"message":"hi"}'],
    lastMessages: [],
  },
  'history:search': { query: 'Echo', limit: 100 },
  'history:get': { id: 1 },
  'history:delete': { id: 1 },
  'history:clear': {},
};

/** Deep copy with one change, so each malformed case differs from a valid request in one place. */
function altered<C extends ChannelName>(channel: C, change: (request: Record<string, unknown>) => void): unknown {
  const copy = structuredClone(VALID_REQUESTS[channel]) as unknown as Record<string, unknown>;
  change(copy);
  return copy;
}

type Nested = Record<string, Record<string, unknown>>;

export interface MalformedCase {
  channel: ChannelName;
  name: string;
  payload: unknown;
  /** The field path the error message must name ("" = the request itself). */
  field: string;
}

export const MALFORMED_REQUESTS: MalformedCase[] = [
  { channel: 'shell:info', name: 'an unknown key', payload: { extra: 1 }, field: 'extra' },
  { channel: 'shell:info', name: 'no payload at all', payload: undefined, field: 'the request itself' },
  { channel: 'protos:compile', name: 'protoFiles not an array', payload: altered('protos:compile', (r) => (r.protoFiles = 'a.proto')), field: 'protoFiles' },
  { channel: 'protos:compile', name: 'a number among the import paths', payload: altered('protos:compile', (r) => (r.importPaths = ['/ok', 7])), field: 'importPaths[1]' },
  { channel: 'protos:compile', name: 'too many proto files', payload: altered('protos:compile', (r) => (r.protoFiles = Array.from({ length: 10_001 }, (_, i) => `f${i}.proto`))), field: 'protoFiles' },
  { channel: 'protos:compile', name: 'a NUL in a path', payload: altered('protos:compile', (r) => (r.protoFiles = ['a\0.proto'])), field: 'protoFiles[0]' },
  { channel: 'protos:importDescriptorSets', name: 'an empty path', payload: { paths: [''] }, field: 'paths[0]' },
  { channel: 'protos:reflect', name: 'a wrong load balancing policy', payload: altered('protos:reflect', (r) => ((r as Nested).connection!.loadBalancing = 'random')), field: 'connection.loadBalancing' },
  { channel: 'protos:reflect', name: 'metadata value not a string', payload: altered('protos:reflect', (r) => (r.metadata = [{ key: 'a', value: 1 }])), field: 'metadata[0].value' },
  { channel: 'protos:list', name: 'an array instead of an object', payload: [], field: 'the request itself' },
  { channel: 'protos:remove', name: 'an empty proto set id', payload: { protoSetId: '' }, field: 'protoSetId' },
  { channel: 'catalog:describeMethod', name: 'a missing method', payload: { protoSetId: 'ps-1', service: 'demo.v1.DemoService' }, field: 'method' },
  { channel: 'calls:start', name: 'an infinite deadline', payload: altered('calls:start', (r) => (r.deadlineMs = Number.POSITIVE_INFINITY)), field: 'deadlineMs' },
  { channel: 'calls:start', name: 'a fractional keepalive time', payload: altered('calls:start', (r) => ((r as Nested).connection!.keepalive = { timeMs: 1.5, timeoutMs: null, permitWithoutCalls: false })), field: 'connection.keepalive.timeMs' },
  { channel: 'calls:start', name: 'an unknown TLS key', payload: altered('calls:start', (r) => ((r as Record<string, Nested>).connection!.tls!.insecure = true)), field: 'connection.tls.insecure' },
  { channel: 'calls:start', name: 'requestJson an object', payload: altered('calls:start', (r) => (r.requestJson = { message: 'hi' })), field: 'requestJson' },
  { channel: 'calls:write', name: 'a numeric call id', payload: { callId: 5, json: '{}' }, field: 'callId' },
  { channel: 'calls:halfClose', name: 'a null call id', payload: { callId: null }, field: 'callId' },
  { channel: 'calls:cancel', name: 'an extra key', payload: { callId: 'c', force: true }, field: 'force' },
  { channel: 'calls:saveStream', name: 'a missing path', payload: { callId: 'c' }, field: 'path' },
  { channel: 'calls:messages', name: 'more messages than one answer holds', payload: { callId: 'c', from: 0, count: 1_001 }, field: 'count' },
  { channel: 'calls:messages', name: 'a negative position', payload: { callId: 'c', from: -1, count: 10 }, field: 'from' },
  { channel: 'calls:shown', name: 'a missing page id', payload: { callIds: [] }, field: 'pageId' },
  { channel: 'calls:snapshot', name: 'too many messages asked for', payload: { callIds: [], lastMessages: 10_001 }, field: 'lastMessages' },
  { channel: 'calls:list', name: 'a page id in the payload (the shell says who asks)', payload: { pageId: 'p' }, field: 'pageId' },
  { channel: 'connections:get', name: 'a call id instead of a channel id', payload: { callId: 'c' }, field: 'channelId' },
  { channel: 'connections:list', name: 'an unexpected field', payload: { channelId: 'ch-1' }, field: 'channelId' },
  { channel: 'connections:close', name: 'no channel id', payload: {}, field: 'channelId' },
  { channel: 'connections:reconnect', name: 'a number for the channel id', payload: { channelId: 7 }, field: 'channelId' },
  { channel: 'health:check', name: 'service not a string', payload: altered('health:check', (r) => ((r as unknown as { service: unknown }).service = 7)), field: 'service' },
  { channel: 'health:watch', name: 'a service name longer than a proto name can be', payload: altered('health:watch', (r) => (r.service = 'x'.repeat(2000))), field: 'service' },
  { channel: 'health:unwatch', name: 'an empty watch id', payload: { watchId: '' }, field: 'watchId' },
  { channel: 'demo:start', name: 'port 65536', payload: { port: 65_536 }, field: 'port' },
  { channel: 'demo:start', name: 'port NaN', payload: { port: Number.NaN }, field: 'port' },
  { channel: 'demo:start', name: 'port as a string', payload: { port: '50051' }, field: 'port' },
  { channel: 'demo:stop', name: 'null', payload: null, field: 'the request itself' },
  { channel: 'files:list', name: 'path a number', payload: { path: 3 }, field: 'path' },
  { channel: 'files:pick', name: 'an unknown kind', payload: { kind: 'anything', multiple: false }, field: 'kind' },
  { channel: 'workspace:load', name: 'a string', payload: 'load', field: 'the request itself' },
  { channel: 'workspace:save', name: 'version 2', payload: { version: 2, data: {} }, field: 'version' },
  { channel: 'collections:open', name: 'a newline in the folder', payload: { folder: '/tmp/a\n--plugin=/bin/sh' }, field: 'folder' },
  { channel: 'collections:writeRequest', name: 'a document without a method', payload: altered('collections:writeRequest', (r) => delete (r as Nested).document!.method), field: 'document.method' },
  { channel: 'collections:writeRequest', name: 'an unknown auth kind', payload: altered('collections:writeRequest', (r) => ((r as Nested).document!.auth = { kind: 'oauth' })), field: 'document.auth.kind' },
  { channel: 'collections:writeEnvironment', name: 'a variable without a name', payload: { folder: '/tmp/b', environment: { name: 'x', variables: [{ name: '', value: '', secret: false }] } }, field: 'environment.variables[0].name' },
  { channel: 'secrets:set', name: 'a value that is not a string', payload: { collection: '', environment: '', name: 't', value: 5 }, field: 'value' },
  { channel: 'history:search', name: 'a zero limit', payload: { query: '', limit: 0 }, field: 'limit' },
  { channel: 'history:get', name: 'a fractional id', payload: { id: 1.5 }, field: 'id' },
  { channel: 'history:record', name: 'an unknown status', payload: altered('history:record', (r) => (r.status = 'FINE')), field: 'status' },
  { channel: 'env:read', name: 'names not an array', payload: { names: 'HOME' }, field: 'names' },
  { channel: 'collections:create', name: 'an empty name', payload: { folder: '/tmp/b', name: '' }, field: 'name' },
  { channel: 'collections:close', name: 'a folder that is not a string', payload: { folder: 7 }, field: 'folder' },
  { channel: 'collections:readRequest', name: 'a NUL in the path', payload: { folder: '/tmp/b', path: 'a\u0000.grpc.yaml' }, field: 'path' },
  { channel: 'collections:moveRequest', name: 'no destination', payload: { folder: '/tmp/b', from: 'a.grpc.yaml' }, field: 'to' },
  { channel: 'collections:deleteRequest', name: 'an empty path', payload: { folder: '/tmp/b', path: '' }, field: 'path' },
  { channel: 'collections:moveFolder', name: 'no destination', payload: { folder: '/tmp/b', from: 'cards' }, field: 'to' },
  { channel: 'collections:deleteFolder', name: 'a number for a path', payload: { folder: '/tmp/b', path: 7 }, field: 'path' },
  { channel: 'collections:deleteEnvironment', name: 'an extra field', payload: { folder: '/tmp/b', name: 'x', force: true }, field: 'force' },
  { channel: 'collections:writeSettings', name: 'reflection not a boolean', payload: altered('collections:writeSettings', (r) => ((r as Nested).schema!.reflection = 'yes')), field: 'schema.reflection' },
  { channel: 'secrets:status', name: 'an unexpected field', payload: { all: true }, field: 'all' },
  { channel: 'secrets:get', name: 'an empty name', payload: { collection: '/tmp/b', environment: '', name: '' }, field: 'name' },
  { channel: 'secrets:delete', name: 'a newline in the collection', payload: { collection: '/tmp/b\n-x', environment: '', name: 't' }, field: 'collection' },
  { channel: 'history:delete', name: 'a negative id', payload: { id: -1 }, field: 'id' },
  { channel: 'history:clear', name: 'an unexpected field', payload: { before: 5 }, field: 'before' },
];
