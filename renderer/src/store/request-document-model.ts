import type { RequestDocument } from '../../../shared/request-document';
import type { NewTabInput, RequestTab } from './request-tab';
import { cloneConnection, makeLocalId } from './request-tab';

/** The request a tab holds, as a file would keep it: no ids, no run or view state. */
export function documentOfTab(tab: RequestTab): RequestDocument {
  return {
    method: { service: tab.method.service, method: tab.method.method },
    kind: tab.kind,
    connection: cloneConnection(tab.connection),
    metadata: tab.metadata.map(({ key, value }) => ({ key, value })),
    deadline: tab.deadline,
    auth: { ...tab.auth },
    body: tab.body,
    messages: [...tab.messages],
    emitDefaults: tab.emitDefaults,
    ...(tab.checks === undefined || tab.checks.length === 0 ? {} : { checks: tab.checks.map((check) => ({ ...check })) }),
    ...(tab.captures === undefined || tab.captures.length === 0 ? {} : { captures: tab.captures.map((capture) => ({ ...capture })) }),
    // 0 is the primary rule, as absent is: left out so the tab is not dirty against a file without it.
    ...(tab.httpRuleIndex === undefined || tab.httpRuleIndex === 0 ? {} : { httpRuleIndex: tab.httpRuleIndex }),
  };
}

/** The editable fields a tab takes from a document (the method is resolved separately). */
export function tabFieldsOfDocument(doc: RequestDocument): Pick<RequestTab, 'connection' | 'metadata' | 'deadline' | 'auth' | 'body' | 'messages' | 'emitDefaults' | 'checks' | 'captures' | 'httpRuleIndex'> {
  return {
    connection: cloneConnection(doc.connection),
    metadata: doc.metadata.map((row) => ({ ...row, id: makeLocalId('md') })),
    deadline: doc.deadline,
    auth: { ...doc.auth },
    body: doc.body,
    messages: [...doc.messages],
    emitDefaults: doc.emitDefaults,
    checks: doc.checks === undefined ? undefined : doc.checks.map((check) => ({ ...check })),
    captures: doc.captures === undefined ? undefined : doc.captures.map((capture) => ({ ...capture })),
    httpRuleIndex: doc.httpRuleIndex,
  };
}

/** The NewTabInput for a document, given the method it resolved to. */
export function tabInputOfDocument(doc: RequestDocument, method: NewTabInput['method'], kind: NewTabInput['kind']): NewTabInput {
  return { ...tabFieldsOfDocument(doc), method, methodName: doc.method.method, kind };
}

/**
 * Two documents are the same request when every saved field matches. `kind` is left out: a
 * file read from disk may not know it yet, and it follows from the method anyway.
 */
export function sameDocument(a: RequestDocument, b: RequestDocument): boolean {
  return stableText({ ...a, kind: null }) === stableText({ ...b, kind: null });
}

/** True when the tab has edits its saved file does not have (an unsaved tab is never dirty). */
export function isTabDirty(tab: RequestTab): boolean {
  return tab.saved !== null && !sameDocument(documentOfTab(tab), tab.saved.document);
}

function stableText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y)));
  });
}
