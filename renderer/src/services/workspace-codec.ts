import { z } from 'zod';
import type { ConnectionSettings } from '../../../shared/connection';
import { defaultConnectionSettings } from '../../../shared/connection';
import type { WorkspaceState } from '../../../shared/contract';
import { asProtoSetId } from '../../../shared/ids';
import { WORKSPACE_SCHEMAS } from '../../../shared/validation';
import { PROTOCOL_HTTP_VERSIONS, WIRE_PROTOCOLS } from '../../../shared/wire-protocol';
import type { ImportRecipe } from '../store/import-recipe';
import type { MetadataRow, RequestTab, ResponseTabName, SavedLocation } from '../store/request-tab';
import { createRequestTab, makeLocalId } from '../store/request-tab';
import { DEFAULT_RETENTION_CAP } from '../store/ui-slice';

// What the workspace file holds. Parsed leniently: a field that fails to parse falls back to
// its default instead of throwing away the user's whole workspace.

const defaults = defaultConnectionSettings();

/**
 * A list whose items are each checked with `item`: one that no longer parses is left out, the
 * rest stay (a half-edited check must not take the tab's other checks with it). Absent stays absent.
 */
function keptEach<T>(item: z.ZodType<T>) {
  return z
    .array(z.unknown())
    .optional()
    .catch(undefined)
    .transform((list) => list?.flatMap((raw) => {
      const parsed = item.safeParse(raw);
      return parsed.success ? [parsed.data] : [];
    }));
}

const connectionSchema = z.object({
  target: z.string().catch(''),
  tls: z
    .object({
      enabled: z.boolean().catch(false),
      caPath: z.string().catch(''),
      certPath: z.string().catch(''),
      keyPath: z.string().catch(''),
      serverNameOverride: z.string().catch(''),
      skipVerify: z.boolean().catch(false),
    })
    .catch(defaults.tls),
  keepalive: z
    .object({
      timeMs: z.number().int().nullable().catch(null),
      timeoutMs: z.number().int().nullable().catch(null),
      permitWithoutCalls: z.boolean().catch(false),
    })
    .catch(defaults.keepalive),
  maxReceiveBytes: z.number().int().nullable().catch(null),
  maxSendBytes: z.number().int().nullable().catch(null),
  loadBalancing: z.enum(['pick_first', 'round_robin']).catch('pick_first'),
  compression: z.enum(['identity', 'deflate', 'gzip']).catch('identity'),
  userAgent: z.string().catch(''),
  waitForReady: z.boolean().optional().catch(undefined),
  sendTraceContext: z.boolean().optional().catch(undefined),
  protocol: z.enum(WIRE_PROTOCOLS).optional().catch(undefined),
  httpVersion: z.enum(PROTOCOL_HTTP_VERSIONS).optional().catch(undefined),
});

/** A tab's HTTP binding; one that no longer parses falls back to the primary rule. */
const httpRuleIndexSchema = z.number().int().min(0).optional().catch(undefined);

const metadataSchema = z.array(z.object({ key: z.string(), value: z.string() })).catch([]);

const methodRefSchema = z.object({ protoSetId: z.string(), service: z.string(), method: z.string() });

const tabSchema = z.object({
  method: methodRefSchema,
  methodName: z.string(),
  kind: z.enum(['unary', 'server_streaming', 'client_streaming', 'bidi_streaming']),
  connection: connectionSchema,
  metadata: metadataSchema,
  deadline: z.string().catch(''),
  body: z.string().catch(''),
  emitDefaults: z.boolean().catch(false),
  responseTab: z.enum(['messages', 'headers', 'trailers', 'timing', 'connection', 'checks']).catch('messages'),
  messages: z.array(z.string()).catch([]),
  auth: z.unknown().catch({ kind: 'none' }),
  checks: keptEach(WORKSPACE_SCHEMAS.requestCheck),
  captures: keptEach(WORKSPACE_SCHEMAS.variableCapture),
  httpRuleIndex: httpRuleIndexSchema,
  saved: z
    .object({ folder: z.string(), path: z.string(), name: z.string(), revision: z.string(), document: z.unknown() })
    .nullable()
    .catch(null),
});

const authSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('bearer'), token: z.string() }),
  z.object({ kind: z.literal('basic'), username: z.string(), password: z.string() }),
  z.object({ kind: z.literal('api_key'), header: z.string(), key: z.string() }),
]);

/** The saved document a tab compares itself with (to know it is dirty); lenient like the rest. */
const documentSchema = z.object({
  method: z.object({ service: z.string(), method: z.string() }),
  kind: z.enum(['unary', 'server_streaming', 'client_streaming', 'bidi_streaming']).nullable().catch(null),
  connection: connectionSchema,
  metadata: metadataSchema,
  deadline: z.string().catch(''),
  auth: authSchema.catch({ kind: 'none' }),
  body: z.string().catch(''),
  messages: z.array(z.string()).catch([]),
  emitDefaults: z.boolean().catch(false),
  checks: keptEach(WORKSPACE_SCHEMAS.requestCheck),
  captures: keptEach(WORKSPACE_SCHEMAS.variableCapture),
  httpRuleIndex: httpRuleIndexSchema,
});

const openCollectionSchema = z.object({ folder: z.string(), activeEnvironment: z.string().nullable().catch(null) });

const recipeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('compile'), request: z.object({ protoFiles: z.array(z.string()), importPaths: z.array(z.string()) }) }),
  z.object({ kind: z.literal('descriptor_sets'), request: z.object({ paths: z.array(z.string()) }) }),
  z.object({ kind: z.literal('reflect'), request: z.object({ connection: connectionSchema, metadata: metadataSchema }) }),
  z.object({ kind: z.literal('demo') }),
]);

const workspaceSchema = z.object({
  tabs: z.array(z.unknown()).catch([]),
  activeIndex: z.number().int().catch(-1),
  defaultConnection: connectionSchema.catch(defaults),
  defaultMetadata: metadataSchema,
  protoSets: z.array(z.object({ id: z.string(), recipe: z.unknown() })).catch([]),
  retentionCap: z.number().int().positive().catch(DEFAULT_RETENTION_CAP),
  demoAddress: z.string().nullable().catch(null),
  collections: z.array(openCollectionSchema).catch([]),
  activeCollection: z.string().nullable().catch(null),
});

export interface SavedProtoSet {
  id: string;
  recipe: ImportRecipe;
}

/** The workspace as the renderer uses it after loading. */
export interface LoadedWorkspace {
  tabs: RequestTab[];
  activeTabId: string | null;
  defaultConnection: ConnectionSettings;
  defaultMetadata: MetadataRow[];
  protoSets: SavedProtoSet[];
  retentionCap: number;
  /** The demo server's address when saved: tabs pointing there follow the demo to its new port. */
  demoAddress: string | null;
  /** Open collections (reopened from disk) and the environment chosen in each. */
  collections: SavedCollection[];
  activeCollection: string | null;
}

export interface SavedCollection {
  folder: string;
  activeEnvironment: string | null;
}

export interface WorkspaceSource {
  tabs: readonly RequestTab[];
  activeTabId: string | null;
  defaultConnection: ConnectionSettings;
  defaultMetadata: readonly MetadataRow[];
  protoSetIds: readonly string[];
  recipes: Readonly<Record<string, ImportRecipe>>;
  retentionCap: number;
  demoAddress: string | null;
  collections: readonly SavedCollection[];
  activeCollection: string | null;
}

export function encodeWorkspace(source: WorkspaceSource): WorkspaceState {
  const tabs = source.tabs.map((tab) => ({
    method: tab.method,
    methodName: tab.methodName,
    kind: tab.kind,
    connection: tab.connection,
    metadata: stripIds(tab.metadata),
    deadline: tab.deadline,
    body: tab.body,
    emitDefaults: tab.emitDefaults,
    responseTab: tab.responseTab,
    messages: tab.messages,
    auth: tab.auth,
    ...(tab.checks === undefined ? {} : { checks: tab.checks }),
    ...(tab.captures === undefined ? {} : { captures: tab.captures }),
    ...(tab.httpRuleIndex === undefined ? {} : { httpRuleIndex: tab.httpRuleIndex }),
    saved: tab.saved,
  }));
  const protoSets = source.protoSetIds.flatMap((id) => {
    const recipe = source.recipes[id];
    return recipe ? [{ id, recipe }] : [];
  });
  return {
    version: 1,
    data: {
      tabs,
      activeIndex: source.tabs.findIndex((t) => t.id === source.activeTabId),
      defaultConnection: source.defaultConnection,
      defaultMetadata: stripIds(source.defaultMetadata),
      protoSets,
      retentionCap: source.retentionCap,
      demoAddress: source.demoAddress,
      collections: source.collections,
      activeCollection: source.activeCollection,
    },
  };
}

export function decodeWorkspace(state: WorkspaceState | null): LoadedWorkspace | null {
  if (state === null || state.version !== 1) return null;
  const parsed = workspaceSchema.safeParse(state.data);
  if (!parsed.success) return null;
  const data = parsed.data;
  const tabs: RequestTab[] = [];
  for (const raw of data.tabs) {
    const tab = tabSchema.safeParse(raw);
    if (!tab.success) continue;
    const t = tab.data;
    tabs.push({
      ...createRequestTab({
        method: { ...t.method, protoSetId: asProtoSetId(t.method.protoSetId) },
        methodName: t.methodName,
        kind: t.kind,
        connection: t.connection,
        metadata: withIds(t.metadata),
        body: t.body,
        messages: t.messages,
        auth: authSchema.catch({ kind: 'none' }).parse(t.auth),
        saved: savedLocation(t.saved),
        ...(t.checks === undefined ? {} : { checks: t.checks }),
        ...(t.captures === undefined ? {} : { captures: t.captures }),
        ...(t.httpRuleIndex === undefined ? {} : { httpRuleIndex: t.httpRuleIndex }),
      }),
      deadline: t.deadline,
      emitDefaults: t.emitDefaults,
      responseTab: t.responseTab as ResponseTabName,
    });
  }
  const protoSets = data.protoSets.flatMap((entry) => {
    const recipe = recipeSchema.safeParse(entry.recipe);
    return recipe.success ? [{ id: entry.id, recipe: recipe.data }] : [];
  });
  return {
    tabs,
    activeTabId: tabs[data.activeIndex]?.id ?? tabs[0]?.id ?? null,
    defaultConnection: data.defaultConnection,
    defaultMetadata: withIds(data.defaultMetadata),
    protoSets,
    retentionCap: data.retentionCap,
    demoAddress: data.demoAddress,
    collections: data.collections,
    activeCollection: data.activeCollection,
  };
}

/** A tab's saved location; dropped (the tab stays, unsaved) when its document does not parse. */
function savedLocation(raw: { folder: string; path: string; name: string; revision: string; document: unknown } | null): SavedLocation | null {
  if (raw === null) return null;
  const document = documentSchema.safeParse(raw.document);
  return document.success ? { ...raw, document: document.data } : null;
}

function stripIds(rows: readonly MetadataRow[]): { key: string; value: string }[] {
  return rows.map(({ key, value }) => ({ key, value }));
}

function withIds(rows: readonly { key: string; value: string }[]): MetadataRow[] {
  return rows.map((row) => ({ ...row, id: makeLocalId('md') }));
}
