// Runtime validators for every channel of the contract. Both shells run untrusted payloads
// through validateRequest before the engine sees them, so the engine can rely on the shapes
// the contract promises: strict objects (unknown keys rejected), bounded strings and arrays,
// finite numbers. Semantic checks (is this target well-formed, does this method exist) stay
// in the engine, which can explain them better.
import { z } from 'zod';
import type { RequestCheck } from './checks';
import { hostPathProblem } from './host-path';
import { CHANNEL_NAMES, type ChannelName, type ChannelRequest } from './contract';
import { asCallId, asChannelId, asProtoSetId } from './ids';
import { MESSAGE_RANGE_LIMITS } from './message-range';
import { LOAD_TEST_LIMITS } from './load-test';
import { mockRulesSchema } from './mock-rules-schema';
import { SNAPSHOT_LIMITS } from './snapshot';
import { err, ok, type Result } from './result';
import { PROTOCOL_HTTP_VERSIONS, WIRE_PROTOCOLS } from './wire-protocol';
import { MAX_HTTP_RULES } from './http-rule';

/** Limits on what one request may carry. Generous for real use, small enough to bound memory. */
export const REQUEST_LIMITS = {
  /** Proto files in one compile (a large API surface such as googleads has a few hundred). */
  protoFiles: 10_000,
  importPaths: 1_000,
  descriptorSetPaths: 1_000,
  /** Characters in a file system path (PATH_MAX on Linux is 4096 bytes). */
  pathChars: 4_096,
  /** Characters in a request or stream message's JSON text: 64 MiB. */
  jsonChars: 64 * 1024 * 1024,
  /** The workspace document, measured as JSON text. */
  workspaceJsonChars: 32 * 1024 * 1024,
  metadataEntries: 1_000,
  metadataKeyChars: 1_024,
  metadataValueChars: 1024 * 1024,
  /** Proto names (service, method), targets, server name overrides, user agents. */
  nameChars: 1_024,
  targetChars: 4_096,
  idChars: 256,
  /** Messages of one saved client or bidi stream. */
  streamMessages: 10_000,
  variables: 10_000,
  /** Characters of a variable or secret value. */
  variableValueChars: 1024 * 1024,
  historySearchResults: 10_000,
  envNames: 1_000,
  /** The largest timeout Node timers (and grpc-js) handle: about 24.8 days. */
  maxTimerMs: 2_147_483_647,
  /**
   * The longest call deadline, a little under maxTimerMs: grpc-js sends a deadline of 10^8 ms
   * or more as whole seconds rounded up (grpc-timeout "2147484S" for 2,147,483,647 ms), and a
   * grpc-js server reads that into a 32-bit int of milliseconds, which wraps negative above
   * 2,147,483,647, so the call expires at once. 2,147,483 s = 2,147,483,000 ms (about 24.8
   * days) is the most that arrives intact.
   */
  maxDeadlineMs: 2_147_483_000,
  /** grpc-js message limits are 32-bit ints; -1 means unlimited. */
  maxMessageBytes: 2_147_483_647,
} as const;

const L = REQUEST_LIMITS;

/**
 * The ranges of the contract's numbers a person types (deadline, keepalive, message sizes):
 * the schemas below use them, and the renderer checks its fields against the same ranges,
 * so a value the UI accepts is never refused here.
 */
export const NUMBER_RANGES = {
  /** calls:start deadlineMs (null = no deadline). */
  deadlineMs: { min: 1, max: L.maxDeadlineMs },
  /** Keepalive time and timeout (null = off / the grpc-js default). */
  keepaliveMs: { min: 1, max: L.maxTimerMs },
  /** Max receive and send message sizes; -1 = unlimited (null = the default). */
  messageBytes: { min: -1, max: L.maxMessageBytes },
} as const;
const R = NUMBER_RANGES;

const boundedString = (max: number) => z.string().max(max);
/** A path on the host: control characters (NUL, newlines...) are refused, see host-path.ts. */
function refuseControlCharacters(path: string, context: z.RefinementCtx): void {
  const problem = hostPathProblem(path);
  if (problem !== null) context.addIssue({ code: 'custom', message: problem });
}
const hostPath = z
  .string()
  .min(1)
  .max(L.pathChars)
  .superRefine(refuseControlCharacters);
/** Optional paths in settings ('' = not set). */
const optionalHostPath = z.string().max(L.pathChars).superRefine(refuseControlCharacters);
const idString = z.string().min(1).max(L.idChars);
const callId = idString.transform(asCallId);
const channelId = idString.transform(asChannelId);
const protoSetId = idString.transform(asProtoSetId);
const positiveMs = z.number().int().min(R.keepaliveMs.min).max(R.keepaliveMs.max);
const deadlineMs = z.number().int().min(R.deadlineMs.min).max(R.deadlineMs.max);
const messageLimit = z.number().int().min(R.messageBytes.min).max(R.messageBytes.max);
const jsonText = z.string().max(L.jsonChars);
/**
 * Which of a method's google.api.http rules an HTTP/JSON call uses (shared/http-rule.ts). Whether
 * the method has that rule is the engine's check (it knows the method); the shape is checked here.
 */
const HTTP_RULE_INDEX_MESSAGE = `must be a whole number: 0 for the primary google.api.http rule, 1 to ${MAX_HTTP_RULES - 1} for an additional binding`;
const httpRuleIndex = z
  .number({ error: HTTP_RULE_INDEX_MESSAGE })
  .int({ error: HTTP_RULE_INDEX_MESSAGE })
  .min(0, { error: HTTP_RULE_INDEX_MESSAGE })
  .max(MAX_HTTP_RULES - 1, { error: HTTP_RULE_INDEX_MESSAGE });

const metadataEntry = z.strictObject({
  key: boundedString(L.metadataKeyChars),
  value: boundedString(L.metadataValueChars),
});
const metadata = z.array(metadataEntry).max(L.metadataEntries);

const tlsSettings = z.strictObject({
  enabled: z.boolean(),
  caPath: optionalHostPath,
  certPath: optionalHostPath,
  keyPath: optionalHostPath,
  serverNameOverride: boundedString(L.nameChars),
  skipVerify: z.boolean(),
});

const keepaliveSettings = z.strictObject({
  timeMs: positiveMs.nullable(),
  timeoutMs: positiveMs.nullable(),
  permitWithoutCalls: z.boolean(),
});

const connectionSettings = z.strictObject({
  // May be empty: the engine answers BAD_TARGET with advice, which is kinder than a schema error.
  target: boundedString(L.targetChars),
  tls: tlsSettings,
  keepalive: keepaliveSettings,
  maxReceiveBytes: messageLimit.nullable(),
  maxSendBytes: messageLimit.nullable(),
  loadBalancing: z.enum(['pick_first', 'round_robin']),
  compression: z.enum(['identity', 'deflate', 'gzip']),
  userAgent: boundedString(L.nameChars),
  serviceConfig: boundedString(64 * 1024).optional(),
  waitForReady: z.boolean().optional(),
  sendTraceContext: z.boolean().optional(),
  protocol: z.enum(WIRE_PROTOCOLS).optional(),
  httpVersion: z.enum(PROTOCOL_HTTP_VERSIONS).optional(),
});

const methodRef = z.strictObject({
  protoSetId,
  service: z.string().min(1).max(L.nameChars),
  method: z.string().min(1).max(L.nameChars),
});

const noFields = z.strictObject({});

// The workspace: collections, environments, secrets, history.
/** A path inside a collection, relative to its folder; the engine checks it cannot escape. */
const collectionPath = hostPath;
const variableName = z.string().min(1).max(L.nameChars);
const methodName = z.strictObject({ service: z.string().min(1).max(L.nameChars), method: z.string().min(1).max(L.nameChars) });
const methodKind = z.enum(['unary', 'server_streaming', 'client_streaming', 'bidi_streaming']);
const requestAuth = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('bearer'), token: boundedString(L.metadataValueChars) }),
  z.strictObject({ kind: z.literal('basic'), username: boundedString(L.nameChars), password: boundedString(L.metadataValueChars) }),
  z.strictObject({ kind: z.literal('api_key'), header: boundedString(L.metadataKeyChars), key: boundedString(L.metadataValueChars) }),
]);
const messageSelector = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('every') }),
  z.strictObject({ kind: z.literal('nth'), index: z.number().int().min(-1_000_000).max(1_000_000) }),
]);
const jsonPathText = boundedString(L.nameChars).min(1);
const messageCheck = (comparison: z.ZodRawShape) => z.strictObject({ kind: z.literal('message'), message: messageSelector, path: jsonPathText, ...comparison });
/**
 * The checks a saved request carries (shared/checks.ts). Typed as RequestCheck because zod
 * reads `value: z.unknown()` as an optional key; the evaluator treats a missing value as null.
 */
const requestCheck = z.union([
  z.strictObject({ kind: z.literal('status'), code: boundedString(L.nameChars).min(1) }),
  messageCheck({ op: z.literal('equals'), value: z.unknown() }),
  messageCheck({ op: z.literal('contains'), value: boundedString(L.metadataValueChars) }),
  messageCheck({ op: z.literal('matches'), pattern: boundedString(L.metadataValueChars) }),
  messageCheck({ op: z.literal('exists') }),
  messageCheck({ op: z.literal('absent') }),
  z.strictObject({ kind: z.enum(['header', 'trailer']), key: boundedString(L.metadataKeyChars).min(1), equals: boundedString(L.metadataValueChars).optional() }),
  z.strictObject({ kind: z.literal('messageCount'), op: z.enum(['equals', 'atLeast', 'atMost']), count: z.number().int().min(0) }),
  z.strictObject({ kind: z.literal('duration'), underMs: z.number().positive() }),
]) as unknown as z.ZodType<RequestCheck>;
/** Variables a saved request copies from its response (shared/checks.ts VariableCapture). */
const variableCapture = z.discriminatedUnion('from', [
  z.strictObject({ variable: boundedString(L.nameChars), from: z.literal('message'), path: boundedString(L.nameChars), messageIndex: z.number().int().min(-1).max(1_000_000).optional() }),
  z.strictObject({ variable: boundedString(L.nameChars), from: z.enum(['header', 'trailer']), name: boundedString(L.metadataKeyChars) }),
]);
const requestCaptures = z.array(variableCapture).max(100);
const requestDocument = z.strictObject({
  method: methodName,
  kind: methodKind.nullable(),
  connection: connectionSettings,
  metadata,
  deadline: boundedString(L.nameChars),
  auth: requestAuth,
  body: jsonText,
  messages: z.array(jsonText).max(L.streamMessages),
  emitDefaults: z.boolean(),
  /** Absent in files saved without checks, so they stay byte-identical. */
  checks: z.array(requestCheck).max(100).optional(),
  /** Absent in files saved without captures, for the same reason. */
  captures: requestCaptures.optional(),
  /** Absent = 0, the primary rule: files saved before bindings could be chosen stay byte-identical. */
  httpRuleIndex: httpRuleIndex.optional(),
});
const variableDefinition = z.strictObject({ name: variableName, value: boundedString(L.variableValueChars), secret: z.boolean() });
const variables = z.array(variableDefinition).max(L.variables);
const schemaSources = z.strictObject({
  protoFiles: z.array(collectionPath).max(L.protoFiles),
  importPaths: z.array(collectionPath).max(L.importPaths),
  descriptorSets: z.array(collectionPath).max(L.descriptorSetPaths),
  reflection: z.boolean(),
});
const secretKey = z.strictObject({ collection: optionalHostPath, environment: boundedString(L.nameChars), name: variableName });
const recordedMetadata = z.array(z.strictObject({ key: boundedString(L.metadataKeyChars), value: boundedString(L.metadataValueChars) })).max(L.metadataEntries);
const statusName = z.enum([
  '', 'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
]);
const historyEntryInput = z.strictObject({
  startedAt: z.number().finite(),
  method: boundedString(L.nameChars * 2),
  target: boundedString(L.targetChars),
  environment: boundedString(L.nameChars),
  collection: optionalHostPath,
  request: requestDocument,
  template: requestDocument.nullable(),
  status: statusName,
  statusMessage: boundedString(L.metadataValueChars),
  headers: recordedMetadata,
  trailers: recordedMetadata,
  durationMs: z.number().finite().min(0).nullable(),
  messagesSent: z.number().int().min(0),
  messagesReceived: z.number().int().min(0),
  firstMessages: z.array(jsonText).max(100),
  lastMessages: z.array(jsonText).max(100),
});
const historyId = z.number().int().min(1);
/** A snapshot's ignore paths (JSON paths; the engine parses them and names a bad one). */
const snapshotIgnore = z.array(boundedString(L.nameChars)).max(SNAPSHOT_LIMITS.ignorePaths);

/** The workspace's shapes, for the engine to check what it reads from a collection folder with the same rules. */
export const WORKSPACE_SCHEMAS = { requestDocument, requestChecks: z.array(requestCheck).max(100), requestCaptures, requestCheck, variableCapture, variables, schemaSources } as const;

const workspaceState = z
  .strictObject({
    version: z.literal(1),
    data: z.record(z.string(), z.unknown()),
    pageId: z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or -').max(L.idChars).optional(),
    baseRevision: z.string().max(L.idChars).nullable().optional(),
  })
  .superRefine((state, context) => {
    // The data is opaque to the engine, so bound it by its stored size rather than its shape.
    let text: string | undefined;
    try {
      text = JSON.stringify(state.data);
    } catch {
      context.addIssue({ code: 'custom', path: ['data'], message: 'The workspace must be plain JSON data.' });
      return;
    }
    if (text !== undefined && text.length > L.workspaceJsonChars) {
      context.addIssue({ code: 'custom', path: ['data'], message: `The workspace is larger than ${L.workspaceJsonChars} characters of JSON.` });
    }
  });

/** The service name is a proto full name (or "" for the whole server): bounded like one. */
const healthRequest = z.strictObject({ connection: connectionSettings, metadata, service: z.string().max(L.nameChars) });

const LT = LOAD_TEST_LIMITS;
const loadTestSettings = z.strictObject({
  concurrency: z.number().int().min(1).max(LT.concurrency),
  totalRequests: z.number().int().min(1).max(LT.totalRequests).nullable(),
  durationS: z.number().finite().gt(0).max(LT.durationS).nullable(),
  ratePerSecond: z.number().finite().gt(0).max(LT.ratePerSecond).nullable(),
  connections: z.number().int().min(1).max(LT.connections),
  messagesPerStream: z.number().int().min(0).max(LT.messagesPerStream),
  messageIntervalMs: z.number().int().min(0).max(LT.messageIntervalMs),
});

/** One schema per channel; its output type is exactly the contract's request type (checked below). */
export const REQUEST_SCHEMAS = {
  'shell:info': noFields,
  'protos:compile': z.strictObject({
    protoFiles: z.array(hostPath).min(1).max(L.protoFiles),
    importPaths: z.array(hostPath).max(L.importPaths),
  }),
  'protos:importDescriptorSets': z.strictObject({
    paths: z.array(hostPath).min(1).max(L.descriptorSetPaths),
  }),
  'protos:reflect': z.strictObject({ connection: connectionSettings, metadata }),
  'protos:list': noFields,
  'protos:remove': z.strictObject({ protoSetId }),
  'catalog:describeMethod': methodRef,
  'calls:start': z.strictObject({
    method: methodRef,
    connection: connectionSettings,
    metadata,
    deadlineMs: deadlineMs.nullable(),
    requestJson: jsonText.nullable(),
    options: z.strictObject({ emitDefaults: z.boolean(), httpRuleIndex: httpRuleIndex.optional() }),
  }),
  'calls:write': z.strictObject({ callId, json: jsonText }),
  'load:exportLocust': z.strictObject({ method: methodRef, connection: connectionSettings, metadata, deadlineMs: deadlineMs.nullable(), requestJson: jsonText }),
  'calls:halfClose': z.strictObject({ callId }),
  'calls:cancel': z.strictObject({ callId }),
  'calls:saveStream': z.strictObject({ callId, path: hostPath }),
  'calls:messages': z.strictObject({ callId, from: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), count: z.number().int().min(1).max(MESSAGE_RANGE_LIMITS.messages) }),
  'snapshots:record': z.strictObject({ folder: hostPath, path: collectionPath, callId, ignore: snapshotIgnore.nullable() }),
  'snapshots:read': z.strictObject({ folder: hostPath, path: collectionPath }),
  'snapshots:compare': z.strictObject({ folder: hostPath, path: collectionPath, callId }),
  'snapshots:setIgnore': z.strictObject({ folder: hostPath, path: collectionPath, ignore: snapshotIgnore }),
  'calls:shown': z.strictObject({ pageId: idString, callIds: z.array(callId).max(1000) }),
  'calls:snapshot': z.strictObject({ callIds: z.array(callId).max(1000), lastMessages: z.number().int().min(0).max(10_000) }),
  'calls:list': noFields,
  'connections:get': z.strictObject({ channelId }),
  'connections:list': noFields,
  'connections:close': z.strictObject({ channelId }),
  'connections:reconnect': z.strictObject({ channelId }),
  'health:check': healthRequest,
  'health:watch': healthRequest,
  'health:unwatch': z.strictObject({ watchId: idString }),
  'load:start': z.strictObject({
    method: methodRef,
    connection: connectionSettings,
    metadata,
    deadlineMs: deadlineMs.nullable(),
    requestJson: jsonText.nullable(),
    streamMessages: z.array(jsonText).max(L.streamMessages),
    settings: loadTestSettings,
  }),
  'load:stop': z.strictObject({ loadId: idString }),
  'load:report': z.strictObject({ loadId: idString }),
  'demo:start': z.strictObject({ port: z.number().int().min(0).max(65_535).nullable() }),
  'demo:stop': noFields,
  'mock:start': z.strictObject({ protoSetId, port: z.number().int().min(0).max(65_535).nullable(), rules: mockRulesSchema }),
  'mock:stop': noFields,
  'mock:setRules': z.strictObject({ rules: mockRulesSchema }),
  'mock:requests': noFields,
  'mock:readRules': z.strictObject({ folder: hostPath }),
  'mock:writeRules': z.strictObject({ folder: hostPath, rules: mockRulesSchema }),
  'files:list': z.strictObject({ path: hostPath.nullable() }),
  'files:pick': z.strictObject({
    kind: z.enum(['proto_files', 'descriptor_sets', 'directories', 'pem_file', 'save_file']),
    multiple: z.boolean(),
  }),
  'workspace:load': noFields,
  'workspace:save': workspaceState,
  'collections:create': z.strictObject({ folder: hostPath, name: z.string().min(1).max(L.nameChars) }),
  'collections:open': z.strictObject({ folder: hostPath }),
  'collections:close': z.strictObject({ folder: hostPath }),
  'collections:readRequest': z.strictObject({ folder: hostPath, path: collectionPath }),
  'collections:writeRequest': z.strictObject({
    folder: hostPath,
    path: collectionPath,
    document: requestDocument,
    baseRevision: z.string().max(L.idChars).nullable(),
  }),
  'collections:moveRequest': z.strictObject({ folder: hostPath, from: collectionPath, to: collectionPath }),
  'collections:deleteRequest': z.strictObject({ folder: hostPath, path: collectionPath }),
  'collections:moveFolder': z.strictObject({ folder: hostPath, from: collectionPath, to: collectionPath }),
  'collections:deleteFolder': z.strictObject({ folder: hostPath, path: collectionPath }),
  'collections:writeEnvironment': z.strictObject({
    folder: hostPath,
    environment: z.strictObject({ name: z.string().min(1).max(L.nameChars), variables }),
  }),
  'collections:deleteEnvironment': z.strictObject({ folder: hostPath, name: z.string().min(1).max(L.nameChars) }),
  'collections:writeSettings': z.strictObject({ folder: hostPath, name: z.string().min(1).max(L.nameChars), schema: schemaSources, variables }),
  'secrets:status': noFields,
  'secrets:get': secretKey,
  'secrets:set': secretKey.extend({ value: boundedString(L.variableValueChars) }),
  'secrets:delete': secretKey,
  'env:read': z.strictObject({ names: z.array(z.string().min(1).max(L.nameChars)).max(L.envNames) }),
  'history:record': historyEntryInput,
  'history:search': z.strictObject({ query: boundedString(L.nameChars), limit: z.number().int().min(1).max(L.historySearchResults) }),
  'history:get': z.strictObject({ id: historyId }),
  'history:delete': z.strictObject({ id: historyId }),
  'history:clear': noFields,
} satisfies { [C in ChannelName]: z.ZodType<ChannelRequest<C>> };

// Compile-time proof that schemas and contract agree exactly, in both directions: adding a
// field to the contract without a schema (or the reverse) fails `npm run typecheck`.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type SchemaMismatches = {
  [C in ChannelName]: Equals<z.output<(typeof REQUEST_SCHEMAS)[C]>, ChannelRequest<C>> extends true ? never : C;
}[ChannelName];
const schemasMatchContract: [SchemaMismatches] extends [never] ? true : SchemaMismatches = true;
const everyChannelHasASchema: Equals<keyof typeof REQUEST_SCHEMAS, ChannelName> = true;
void schemasMatchContract;
void everyChannelHasASchema;

/** A request that passed validation, paired with its channel so the pair stays consistent. */
export type ValidatedRequest = { [C in ChannelName]: { channel: C; request: ChannelRequest<C> } }[ChannelName];

const KNOWN_CHANNELS: ReadonlySet<string> = new Set(CHANNEL_NAMES);

function isChannelName(channel: unknown): channel is ChannelName {
  return typeof channel === 'string' && KNOWN_CHANNELS.has(channel);
}

/** metadata[0].key, connection.tls.caPath, ... */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else if (typeof part === 'string' && !FIELD_NAME.test(part)) text += `[${JSON.stringify(part.length > 60 ? `${part.slice(0, 60)}…` : part)}]`;
    else text += text === '' ? String(part) : `.${String(part)}`;
  }
  return text;
}

/**
 * A key printed as is; any other (an unknown key like ": " or "a.b" sent by a broken caller) is
 * quoted, ["a.b"], so the message still shows where the field ends and the reason starts.
 */
const FIELD_NAME = /^[A-Za-z_$][\w$-]*$/;

interface FieldProblem {
  path: string;
  message: string;
}

function problemsOf(error: z.ZodError): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      // Name each unknown key as a field of its own so the message points straight at it.
      for (const key of issue.keys) {
        problems.push({ path: formatFieldPath([...issue.path, key]), message: 'unknown field (the contract does not have it)' });
      }
    } else {
      problems.push({ path: formatFieldPath(issue.path), message: issue.message });
    }
  }
  return problems;
}

function describeChannel(channel: unknown): string {
  if (typeof channel !== 'string') return `a ${channel === null ? 'null' : typeof channel} channel name`;
  return JSON.stringify(channel.length > 100 ? `${channel.slice(0, 100)}...` : channel);
}

/**
 * Checks an untrusted (channel, payload) pair against the contract.
 * Fails with INVALID_REQUEST whose message names the channel and the offending field path;
 * details.issues lists every problem as { path, message }.
 */
export function validateRequest(channel: unknown, payload: unknown): Result<ValidatedRequest> {
  if (!isChannelName(channel)) {
    return err('INVALID_REQUEST', `Unknown channel ${describeChannel(channel)}: the workbench offers only ${CHANNEL_NAMES.join(', ')}.`);
  }
  const parsed = REQUEST_SCHEMAS[channel].safeParse(payload);
  if (!parsed.success) {
    const problems = problemsOf(parsed.error);
    const first = problems[0] ?? { path: '', message: 'invalid' };
    const where = first.path === '' ? 'the request itself' : first.path;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    return err(
      'INVALID_REQUEST',
      `Invalid ${channel} request: ${where}: ${first.message.replace(/\.$/, '')}${more}. This is a bug in the caller; the request was not run.`,
      { channel, issues: problems },
    );
  }
  // The schema for `channel` produced this value, so the pairing is sound; TypeScript cannot
  // correlate the indexed schema with the union member on its own.
  return ok({ channel, request: parsed.data } as ValidatedRequest);
}
