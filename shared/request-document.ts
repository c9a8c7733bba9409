import type { MethodKind } from './catalog';
import type { RequestCheck, VariableCapture } from './checks';
import type { ConnectionSettings } from './connection';
import type { CallOptions } from './contract';
import { defaultConnectionSettings } from './connection';
import type { MetadataEntry } from './metadata';

/**
 * A method named the way protos name it, not by which proto set happens to hold it: the
 * document then works on another machine, after a folder move, or when the protos reload.
 */
export interface MethodName {
  /** Fully-qualified service name, e.g. "demo.v1.DemoService". */
  service: string;
  /** Method name, e.g. "Echo". */
  method: string;
}

/** How a call authenticates. Values may hold {{variables}} (a secret variable for a token). */
export type RequestAuth =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'api_key'; header: string; key: string };

/**
 * What a saved request is: everything needed to make the call again, and nothing about a
 * tab (run state, view state) or about this machine (proto set ids, absolute paths inside
 * the collection). Strings may hold {{variables}}.
 */
export interface RequestDocument {
  method: MethodName;
  /** Known when saved; a document read from disk learns it again from the loaded protos. */
  kind: MethodKind | null;
  /** Target, TLS (paths relative to the collection when inside it), keepalive, limits... */
  connection: ConnectionSettings;
  metadata: MetadataEntry[];
  /** As typed (e.g. "5s", "1500ms", "{{deadline}}"); empty = no deadline. */
  deadline: string;
  auth: RequestAuth;
  /** The request message as JSON text, for unary and server-streaming methods. */
  body: string;
  /** The messages of a client or bidi stream, in the order they are sent. */
  messages: string[];
  /** Emit fields with default values in response JSON. */
  emitDefaults: boolean;
  /** What the headless runner checks about the call (status OK when absent). */
  checks?: RequestCheck[];
  /** Variables copied from the response into the environment after an OK call (absent when none). */
  captures?: VariableCapture[];
  /**
   * Which of the method's google.api.http rules HTTP/JSON (transcoded) calls use: 0 = the primary
   * rule, n = its nth additional binding (CatalogMethod.httpRules order). Absent = 0; a request
   * keeps it (not its connection), because the rules belong to the method: a new tab that takes
   * this tab's connection must not take a binding its own method may not have.
   */
  httpRuleIndex?: number;
}

export function emptyRequestDocument(method: MethodName, kind: MethodKind | null = null): RequestDocument {
  return {
    method,
    kind,
    connection: defaultConnectionSettings(),
    metadata: [],
    deadline: '',
    auth: { kind: 'none' },
    body: '',
    messages: [],
    emitDefaults: false,
  };
}

/** The calls:start options a request asks for; the HTTP binding only when not the primary rule. */
export function callOptionsOf(document: Pick<RequestDocument, 'emitDefaults' | 'httpRuleIndex'>): CallOptions {
  const index = document.httpRuleIndex ?? 0;
  return { emitDefaults: document.emitDefaults, ...(index === 0 ? {} : { httpRuleIndex: index }) };
}

/** "demo.v1.DemoService/Echo" */
export function methodFullName(name: MethodName): string {
  return `${name.service}/${name.method}`;
}

/** Parses "pkg.Service/Method" or "pkg.Service.Method" (grpcurl accepts both), or null. */
export function parseMethodFullName(text: string): MethodName | null {
  const trimmed = text.trim().replace(/^\//, '');
  const slash = trimmed.lastIndexOf('/');
  const dot = trimmed.lastIndexOf('.');
  const cut = slash !== -1 ? slash : dot;
  if (cut <= 0 || cut === trimmed.length - 1) return null;
  const service = trimmed.slice(0, cut);
  const method = trimmed.slice(cut + 1);
  if (!/^[A-Za-z_][\w.]*$/.test(service) || !/^[A-Za-z_]\w*$/.test(method)) return null;
  return { service, method };
}
