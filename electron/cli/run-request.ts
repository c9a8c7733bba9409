import type { CollectionIndex, VariableDefinition } from '../../shared/collection';
import { authMetadata } from '../../shared/auth-metadata';
import { environmentWithCaptures } from '../../shared/captures';
import { callOptionsOf, type RequestDocument } from '../../shared/request-document';
import { deadlineMs } from '../../shared/request-deadline';
import { buildVariableScope, envReferences, resolveRequest, secretNamesUsed, unresolvedMessage } from '../../shared/variables';
import type { WorkbenchEngine } from '../engine/engine-api';
import { ciSecretValues, ciSecretVariableName } from './ci-secrets';
import type { CallOutcomes } from './call-outcomes';
import type { CallOutcome } from './judge-request';
import type { MethodLookup } from './method-lookup';

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
  const deadline = deadlineMs(document.deadline);
  if (deadline.problem !== null) return { ok: false as const, message: deadline.problem };
  const metadata = [...document.metadata.filter((m) => m.key.trim() !== ''), ...authMetadata(document)];
  const connection = { ...document.connection, target: document.connection.target.trim() };
  const found = await ctx.methods.find(document.method, connection, metadata);
  if (!found.ok) return { ok: false as const, message: found.message };
  return { ok: true as const, document, method: found.method, metadata, connection, deadlineMs: deadline.value };
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
    options: callOptionsOf(document),
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
