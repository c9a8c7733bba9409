import type { CollectionIndex, EnvironmentDefinition, VariableDefinition } from '../../shared/collection';
import type { RequestCheck, VariableCapture } from '../../shared/checks';
import { defaultConnectionSettings } from '../../shared/connection';
import { emptyRequestDocument, type RequestDocument } from '../../shared/request-document';
import { createWorkbenchEngine } from '../../electron/engine/workbench-engine';
import { createMemorySecretStore } from '../../electron/engine/secrets/memory-secret-store';

export interface FixtureRequest {
  path: string;
  service: string;
  method: string;
  target: string;
  body?: string;
  messages?: string[];
  metadata?: { key: string; value: string }[];
  deadline?: string;
  checks?: RequestCheck[];
  captures?: VariableCapture[];
}

function documentOf(r: FixtureRequest): RequestDocument {
  return {
    ...emptyRequestDocument({ service: r.service, method: r.method }),
    connection: defaultConnectionSettings(r.target),
    body: r.body ?? '',
    messages: r.messages ?? [],
    metadata: r.metadata ?? [],
    deadline: r.deadline ?? '10000',
    ...(r.checks === undefined ? {} : { checks: r.checks }),
    ...(r.captures === undefined ? {} : { captures: r.captures }),
  };
}

/** Writes a collection folder (schema by server reflection) through the engine's own collection store. */
export async function writeCollection(folder: string, dataDir: string, input: { name: string; requests: FixtureRequest[]; variables?: VariableDefinition[]; environments?: EnvironmentDefinition[] }): Promise<void> {
  const engine = createWorkbenchEngine({ dataDir, shell: 'browser', secrets: async () => createMemorySecretStore('test') });
  try {
    const created = await engine.invoke('collections:create', { folder, name: input.name });
    if (!created.ok) throw new Error(created.error.message);
    const index: CollectionIndex = created.value;
    const settings = await engine.invoke('collections:writeSettings', { folder, name: input.name, schema: { protoFiles: [], importPaths: [], descriptorSets: [], reflection: true }, variables: input.variables ?? index.variables });
    if (!settings.ok) throw new Error(settings.error.message);
    for (const environment of input.environments ?? []) {
      const written = await engine.invoke('collections:writeEnvironment', { folder, environment });
      if (!written.ok) throw new Error(written.error.message);
    }
    for (const request of input.requests) {
      const written = await engine.invoke('collections:writeRequest', { folder, path: request.path, document: documentOf(request), baseRevision: null });
      if (!written.ok) throw new Error(written.error.message);
    }
  } finally {
    await engine.dispose();
  }
}
