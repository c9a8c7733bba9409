import { environmentWithCaptures, extractCaptures } from '../../../shared/captures';
import type { CallOutcome } from '../../../shared/checks';
import { useAppStore } from '../store/app-store';
import type { CaptureReport } from '../store/check-outcome-store';
import { collectionForTab } from '../store/collections-slice';
import type { RequestTab } from '../store/request-tab';
import { workbench } from './api-handle';
import { refreshIndex } from './collection-actions';

/** A secret's value is never shown, only that it was set. */
const SECRET_SHOWN = '••••••';

/**
 * After a call of the tab ended OK: read each capture from the response and set its variable in
 * the active environment of the tab's collection, as the Environments dialog writes it (the
 * environment file, and a secret variable's value in the keychain only). The next request
 * resolves {{variable}} to the new value.
 */
export async function applyCaptures(tab: RequestTab, outcome: CallOutcome): Promise<CaptureReport[]> {
  const results = extractCaptures(tab.captures ?? [], outcome);
  const refuseAll = (why: (variable: string) => string): CaptureReport[] =>
    results.map((r) => (r.ok ? { variable: r.variable, ok: false, message: why(r.variable) } : r));
  const state = useAppStore.getState();
  const collection = collectionForTab(state, tab.saved?.folder ?? null);
  if (!collection) return refuseAll((v) => `{{${v}}} not set: captures set variables of a collection's environment. Open a collection (or save this request in one) and choose an environment.`);
  const environmentName = collection.activeEnvironment;
  const environment = collection.index.environments.find((e) => e.name === environmentName);
  if (environmentName === null || !environment) {
    return refuseAll((v) => `{{${v}}} not set: collection "${collection.index.name}" has no environment chosen. Choose one in Environment (or create one in Environments) for captures to set.`);
  }
  const captured = results.flatMap((r) => (r.ok ? [{ variable: r.variable.trim(), value: r.value }] : []));
  if (captured.length === 0) return results.map((r) => (r.ok ? { variable: r.variable, ok: true, shown: r.value, secret: false } : r));

  const folder = collection.index.folder;
  const next = environmentWithCaptures(environment.variables, collection.index.variables, captured);
  const api = workbench();
  const written = await api.invoke('collections:writeEnvironment', { folder, environment: { name: environmentName, variables: next.variables } });
  if (!written.ok) return refuseAll((v) => `{{${v}}} not set: environment "${environmentName}" was not saved: ${written.error.message}`);
  const secretProblems = new Map<string, string>();
  for (const secret of next.secretValues) {
    const stored = await api.invoke('secrets:set', { collection: folder, environment: environmentName, name: secret.name, value: secret.value });
    if (!stored.ok) secretProblems.set(secret.name, `{{${secret.name}}} not set: the secret value was not stored: ${stored.error.message}`);
  }
  await refreshIndex(folder);
  const secretNames = new Set(next.secretValues.map((s) => s.name));
  return results.map((r): CaptureReport => {
    if (!r.ok) return r;
    const name = r.variable.trim();
    const problem = secretProblems.get(name);
    if (problem !== undefined) return { variable: r.variable, ok: false, message: problem };
    const secret = secretNames.has(name);
    return { variable: name, ok: true, shown: secret ? SECRET_SHOWN : r.value, secret };
  });
}
