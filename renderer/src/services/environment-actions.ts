import type { VariableDefinition } from '../../../shared/collection';
import { useAppStore } from '../store/app-store';
import { workbench } from './api-handle';
import { refreshIndex } from './collection-actions';

/** A variable row as the Environments dialog edits it. */
export interface VariableDraft {
  id: string;
  name: string;
  /** For a secret: the value from (or for) the keychain; it never goes to the collection folder. */
  value: string;
  secret: boolean;
  revealed: boolean;
}

export interface EnvironmentDraft {
  id: string;
  /** The name it has on disk, or null for a new one. */
  originalName: string | null;
  name: string;
  variables: VariableDraft[];
}

const ENVIRONMENT_NAME = /^[\w][\w .-]*$/;

/** Fill in secret values from the keychain (they are '' in the collection files). */
export async function loadSecretValues(
  folder: string,
  collection: VariableDraft[],
  environments: EnvironmentDraft[],
): Promise<{ collection: VariableDraft[]; environments: EnvironmentDraft[] }> {
  const fill = async (rows: VariableDraft[], environment: string) =>
    Promise.all(
      rows.map(async (row) => {
        if (!row.secret) return row;
        const value = await workbench().invoke('secrets:get', { collection: folder, environment, name: row.name });
        return value.ok && value.value !== null ? { ...row, value: value.value } : row;
      }),
    );
  return {
    collection: await fill(collection, ''),
    environments: await Promise.all(environments.map(async (env) => ({ ...env, variables: await fill(env.variables, env.originalName ?? env.name) }))),
  };
}

function problemsOf(rows: readonly VariableDraft[], where: string): string | null {
  const seen = new Set<string>();
  for (const row of rows) {
    const name = row.name.trim();
    if (name === '') return `A variable ${where} has no name.`;
    if (!/^[\w.-]+$/.test(name)) return `Variable "${name}" ${where}: names may use letters, digits, "_", "-" and "." only.`;
    if (name.startsWith('$')) return `Variable "${name}" ${where}: names starting with $ are reserved for dynamic values.`;
    if (seen.has(name)) return `Variable "${name}" is defined twice ${where}.`;
    seen.add(name);
  }
  return null;
}

/** What the folder keeps: a secret's name only. */
function definitions(rows: readonly VariableDraft[]): VariableDefinition[] {
  return rows.map((r) => ({ name: r.name.trim(), value: r.secret ? '' : r.value, secret: r.secret }));
}

async function storeSecrets(folder: string, environment: string, rows: readonly VariableDraft[]): Promise<string | null> {
  for (const row of rows) {
    if (!row.secret) continue;
    const key = { collection: folder, environment, name: row.name.trim() };
    const result = row.value === '' ? await workbench().invoke('secrets:delete', key) : await workbench().invoke('secrets:set', { ...key, value: row.value });
    if (!result.ok) return `The secret "${row.name}" was not stored: ${result.error.message}`;
  }
  return null;
}

/** Write the collection variables and every environment; returns a problem to show, or null. */
export async function saveEnvironments(folder: string, collection: VariableDraft[], environments: EnvironmentDraft[]): Promise<string | null> {
  const index = useAppStore.getState().collections.find((c) => c.index.folder === folder)?.index;
  if (!index) return 'The collection is no longer open.';
  const names = new Set<string>();
  const collectionProblem = problemsOf(collection, 'in the collection variables');
  if (collectionProblem) return collectionProblem;
  for (const env of environments) {
    const name = env.name.trim();
    if (!ENVIRONMENT_NAME.test(name)) return `"${env.name}" cannot be an environment name: use letters, digits, spaces, ".", "-" and "_" (it becomes a file name).`;
    if (names.has(name)) return `There are two environments named "${name}".`;
    names.add(name);
    const problem = problemsOf(env.variables, `in environment "${name}"`);
    if (problem) return problem;
  }

  const api = workbench();
  const settings = await api.invoke('collections:writeSettings', { folder, name: index.name, schema: index.schema, variables: definitions(collection) });
  if (!settings.ok) return `The collection variables were not saved: ${settings.error.message}`;
  const secretProblem = await storeSecrets(folder, '', collection);
  if (secretProblem) return secretProblem;

  for (const env of environments) {
    const name = env.name.trim();
    const written = await api.invoke('collections:writeEnvironment', { folder, environment: { name, variables: definitions(env.variables) } });
    if (!written.ok) return `Environment "${name}" was not saved: ${written.error.message}`;
    const problem = await storeSecrets(folder, name, env.variables);
    if (problem) return problem;
    if (env.originalName !== null && env.originalName !== name) {
      const removed = await api.invoke('collections:deleteEnvironment', { folder, name: env.originalName });
      if (!removed.ok) return `The old environment file "${env.originalName}" was not removed: ${removed.error.message}`;
    }
  }
  for (const old of index.environments) {
    if (environments.some((e) => e.originalName === old.name)) continue;
    const removed = await api.invoke('collections:deleteEnvironment', { folder, name: old.name });
    if (!removed.ok) return `Environment "${old.name}" was not removed: ${removed.error.message}`;
  }
  await refreshIndex(folder);
  return null;
}

/** Where secret values go on this host (the OS keychain, or memory for this run): shown where secrets are edited. */
export async function loadSecretStorageStatus(): Promise<void> {
  const status = await workbench().invoke('secrets:status', {});
  if (status.ok) useAppStore.getState().setSecretStorage(status.value);
}
