import type { RequestDocument } from '../../../shared/request-document';
import { buildVariableScope, envReferences, resolveRequest, secretNamesUsed, unresolvedMessage } from '../../../shared/variables';
import { useAppStore } from '../store/app-store';
import { collectionForTab } from '../store/collections-slice';
import { documentOfTab } from '../store/request-document-model';
import type { RequestTab } from '../store/request-tab';
import { workbench } from './api-handle';

/**
 * For a command line: secrets and {{$env.NAME}} resolve to markers that become shell
 * variables ("$TOKEN"), so a copied command never holds a secret's value.
 */
export class ShellPlaceholders {
  readonly markers = new Map<string, string>();
  add(variable: string): string {
    const shellName = variable.replace(/^\$env\./, '').replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1').toUpperCase();
    for (const [marker, name] of this.markers) if (name === shellName) return marker;
    const marker = `GWSHELLVAR${this.markers.size}Z`;
    this.markers.set(marker, shellName);
    return marker;
  }
}

export interface ResolvedTab {
  document: RequestDocument;
  /** Secret values used: redacted from history and every other record of the call. */
  secrets: string[];
  environment: string;
  collection: string;
}

/**
 * The tab's request with every {{variable}} resolved: the collection's variables, the active
 * environment's (which win), secrets from the keychain, dynamic values and the host's
 * environment. An unresolved variable is an error naming it and where it is used.
 */
export async function resolveTab(
  tab: RequestTab,
  options: { placeholders?: ShellPlaceholders } = {},
): Promise<{ ok: true; value: ResolvedTab } | { ok: false; message: string }> {
  const placeholders = options.placeholders;
  const state = useAppStore.getState();
  const collection = collectionForTab(state, tab.saved?.folder ?? null);
  const document = documentOfTab(tab);
  const environmentName = collection?.activeEnvironment ?? null;
  const environment = collection?.index.environments.find((e) => e.name === environmentName)?.variables ?? null;
  const collectionVariables = collection?.index.variables ?? [];

  const secretValues = new Map<string, string>();
  if (collection && placeholders) {
    for (const name of secretNamesUsed(document, collectionVariables, environment)) secretValues.set(name, placeholders.add(name));
  } else if (collection) {
    for (const name of secretNamesUsed(document, collectionVariables, environment)) {
      const inEnvironment = environment?.some((v) => v.name === name) ?? false;
      const key = { collection: collection.index.folder, environment: inEnvironment ? (environmentName ?? '') : '', name };
      const value = await workbench().invoke('secrets:get', key);
      if (value.ok && value.value !== null) secretValues.set(name, value.value);
    }
  }
  const envNames = envReferences(document, collectionVariables, environment);
  let env: Record<string, string | null> = {};
  if (placeholders) env = Object.fromEntries(envNames.map((name) => [name, placeholders.add(name)]));
  else if (envNames.length > 0) {
    const read = await workbench().invoke('env:read', { names: envNames });
    if (read.ok) env = read.value;
  }
  const scope = buildVariableScope({ collection: collectionVariables, environment, secretValues, env });
  const resolved = resolveRequest(document, scope);
  if (!resolved.ok) return { ok: false, message: unresolvedMessage(resolved.unresolved) };
  return {
    ok: true,
    value: { document: resolved.document, secrets: resolved.secretsUsed, environment: environmentName ?? '', collection: collection?.index.folder ?? '' },
  };
}
