import type { ConnectionSettings } from '../../../shared/connection';
import type { MethodRef } from '../../../shared/contract';
import { authMetadata } from '../../../shared/auth-metadata';
import type { MetadataEntry } from '../../../shared/metadata';
import { deadlineMs } from '../../../shared/request-deadline';
import { useAppStore } from '../store/app-store';
import type { RequestTab } from '../store/request-tab';
import { findMethod } from './method-resolution';
import { resolveTab } from './request-resolution';
import { connectionSettingsProblem, metadataEntries } from './request-validation';

/** A tab's request as a load test (or its Locust export) sends it: what Invoke would send. */
export interface LoadRequest {
  method: MethodRef;
  connection: ConnectionSettings;
  metadata: MetadataEntry[];
  deadlineMs: number | null;
  /** The request body (every kind; client and bidi streams send streamMessages instead). */
  body: string;
  streamMessages: string[];
  /** Secret values the request carries once resolved. */
  secrets: string[];
}

/** The tab's request with variables resolved, auth as metadata, the deadline read; or what is wrong with it. */
export async function loadRequestOf(tab: RequestTab): Promise<{ ok: true; value: LoadRequest } | { ok: false; message: string }> {
  const resolved = await resolveTab(tab);
  if (!resolved.ok) return resolved;
  const request = resolved.value.document;
  const metadata = metadataEntries([...request.metadata, ...authMetadata(request)].map((row, i) => ({ ...row, id: String(i) })));
  if (metadata.problem !== null) return { ok: false, message: metadata.problem };
  const deadline = deadlineMs(request.deadline);
  if (deadline.problem !== null) return { ok: false, message: deadline.problem };
  const settingsProblem = connectionSettingsProblem(request.connection);
  if (settingsProblem !== null) return { ok: false, message: settingsProblem };
  if (request.connection.target.trim() === '') return { ok: false, message: 'Enter a server address (host:port), or start the demo server.' };
  const { protoSets } = useAppStore.getState();
  const method = protoSets.some((p) => p.id === tab.method.protoSetId) ? tab.method : (findMethod(protoSets, tab.method)?.ref ?? null);
  if (method === null) return { ok: false, message: `Method ${tab.method.service}/${tab.method.method} is not in the loaded protos.` };
  return {
    ok: true,
    value: {
      method,
      connection: { ...request.connection, target: request.connection.target.trim() },
      metadata: metadata.entries,
      deadlineMs: deadline.value,
      body: request.body,
      streamMessages: request.messages,
      secrets: resolved.value.secrets,
    },
  };
}
