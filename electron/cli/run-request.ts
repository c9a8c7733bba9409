import type { CollectionIndex, VariableDefinition } from '../../shared/collection';
import type { RequestAuth, RequestDocument } from '../../shared/request-document';
import { environmentWithCaptures } from '../../shared/captures';
import { buildVariableScope, envReferences, resolveRequest, secretNamesUsed, unresolvedMessage } from '../../shared/variables';
import type { WorkbenchEngine } from '../engine/engine-api';
import { ciSecretValues, ciSecretVariableName } from './ci-secrets';
import type { CallOutcomes } from './call-outcomes';
import type { CallOutcome } from './judge-request';
import type { MethodLookup } from './method-lookup';

/** The request's auth as metadata, as the app sends it (renderer/src/lib/auth-metadata.ts, with Node's base64). */
function authMetadata(auth: RequestAuth): { key: string; value: string }[] {
  switch (auth.kind) {
    case 'none':
      return [];
    case 'bearer':
      return [{ key: 'authorization', value: `Bearer ${auth.token}` }];
    case 'basic':
      return [{ key: 'authorization', value: `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}` }];
    case 'api_key':
      return [{ key: auth.header.trim().toLowerCase(), value: auth.key }];
  }
}

/** "5000", "" -> milliseconds or null; anything else is a problem to report. */
function parseDeadline(text: string): { ok: true; ms: number | null } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, ms: null };
  if (!/^\d+$/.test(trimmed) || Number(trimmed) === 0) return { ok: false, message: `Deadline "${trimmed}" is not a whole number of milliseconds above 0.` };
  return { ok: true, ms: Number(trimmed) };
}

function failed(error: string): CallOutcome {
  return { callId: null, status: null, statusDetails: '', headers: {}, trailers: {}, received: [], durationMs: 0, error };
}

export interface RunContext {
  engine: WorkbenchEngine;
  collection: CollectionIndex;
  environment: VariableDefinition[] | null;
  methods: MethodLookup;
  outcomes: CallOutcomes;
  env: NodeJS.ProcessEnv;
  /** Values captured from earlier responses of this run, by variable: they win over the environment's. */
  captured?: Map<string, string>;
}

/** The run's environment with what earlier requests captured (secret ones stay secret values). */
function environmentOfRun(ctx: RunContext): { environment: VariableDefinition[] | null; capturedSecrets: Map<string, string> } {
  if (ctx.captured === undefined || ctx.captured.size === 0) return { environment: ctx.environment, capturedSecrets: new Map() };
  const captured = [...ctx.captured].map(([variable, value]) => ({ variable, value }));
  const withCaptures = environmentWithCaptures(ctx.environment ?? [], ctx.collection.variables, captured);
  return { environment: withCaptures.variables, capturedSecrets: new Map(withCaptures.secretValues.map((s) => [s.name, s.value])) };
}

/** A saved request resolved against the run's variables, ready for the engine's call path. */
export async function prepareRequest(ctx: RunContext, template: RequestDocument) {
  const { environment, capturedSecrets } = environmentOfRun(ctx);
  const secretNames = secretNamesUsed(template, ctx.collection.variables, environment);
  const envNames = envReferences(template, ctx.collection.variables, environment);
  const env = Object.fromEntries(envNames.map((name) => [name, ctx.env[name] ?? null]));
  const secretValues = new Map([...ciSecretValues(secretNames, ctx.env), ...capturedSecrets]);
  const scope = buildVariableScope({ collection: ctx.collection.variables, environment, secretValues, env });
  const resolved = resolveRequest(template, scope);
  if (!resolved.ok) {
    const missingSecrets = secretNames.filter((name) => ctx.env[ciSecretVariableName(name)] === undefined && !capturedSecrets.has(name));
    const hint = missingSecrets.length === 0 ? '' : ` In CI, set ${missingSecrets.map(ciSecretVariableName).join(', ')}.`;
    return { ok: false as const, message: `${unresolvedMessage(resolved.unresolved)}${hint}` };
  }
  const document = resolved.document;
  const deadline = parseDeadline(document.deadline);
  if (!deadline.ok) return { ok: false as const, message: deadline.message };
  const metadata = [...document.metadata.filter((m) => m.key.trim() !== ''), ...authMetadata(document.auth)];
  const connection = { ...document.connection, target: document.connection.target.trim() };
  const found = await ctx.methods.find(document.method, connection, metadata);
  if (!found.ok) return { ok: false as const, message: found.message };
  return { ok: true as const, document, method: found.method, metadata, connection, deadlineMs: deadline.ms };
}

/** Runs one saved request through the engine and waits for its end. Streams send their saved messages, then end. */
export async function runRequest(ctx: RunContext, template: RequestDocument): Promise<CallOutcome> {
  const prepared = await prepareRequest(ctx, template);
  if (!prepared.ok) return failed(prepared.message);
  const { document, method } = prepared;
  const clientStreams = method.kind === 'client_streaming' || method.kind === 'bidi_streaming';
  const started = await ctx.engine.invoke('calls:start', {
    method: method.ref,
    connection: prepared.connection,
    metadata: prepared.metadata,
    deadlineMs: prepared.deadlineMs,
    requestJson: clientStreams ? null : document.body.trim() === '' ? '{}' : document.body,
    options: { emitDefaults: document.emitDefaults },
  });
  if (!started.ok) return failed(started.error.message);
  const { callId } = started.value;
  const ended = ctx.outcomes.ended(callId);
  if (clientStreams) {
    for (const [i, message] of document.messages.entries()) {
      const written = await ctx.engine.invoke('calls:write', { callId, json: message });
      if (!written.ok) {
        await ctx.engine.invoke('calls:cancel', { callId });
        await ended;
        return failed(`Saved message ${i + 1}: ${written.error.message}`);
      }
    }
    await ctx.engine.invoke('calls:halfClose', { callId });
  }
  return ended;
}
