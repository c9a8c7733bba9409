import { err, ok, type Result } from './result';

/**
 * A method's HTTP mapping from its `google.api.http` option (google/api/http.proto), as the
 * catalog carries it: the primary rule first, then each of its additional_bindings, flattened
 * (bindings cannot nest). The engine reads it from the method's options; the renderer shows it
 * and builds "Copy as curl" from it with the same pure code the engine sends with
 * (shared/http-transcoding.ts).
 */
export interface HttpRule {
  /** GET, PUT, POST, DELETE, PATCH, or a custom verb's kind (e.g. HEAD). */
  verb: string;
  /** The path template as written, e.g. "/v1/{name=projects/*}/messages:cancel". */
  path: string;
  /** "" = no body, "*" = every field not bound by the path, else a top-level field's proto name. */
  body: string;
  /** "" = the whole response is the response message, else the top-level field the HTTP body fills. */
  responseBody: string;
  /**
   * The field paths the rule names (path variables, body, response_body) in proto names
   * ("a.b"), each mapped to its JSON names (["a", "b"] in camelCase): request JSON uses JSON
   * names, templates use proto names. A path the descriptor does not have is absent.
   */
  jsonNames: Record<string, string[]>;
}

/** How the method header shows a rule, e.g. "POST /v3/kv/range". */
export function httpRuleLabel(rule: Pick<HttpRule, 'verb' | 'path'>): string {
  return `${rule.verb} ${rule.path}`;
}

/**
 * The most google.api.http rules a request may choose among (the primary rule and its
 * additional_bindings). Real APIs have a handful; the bound keeps a saved index a small number.
 */
export const MAX_HTTP_RULES = 1_000;

/**
 * The rule a request's httpRuleIndex picks: 0 (or absent) = the primary rule, n = the nth
 * additional binding. An index the method has no rule for is refused with the one sentence the
 * engine answers the call with and the renderer shows beside the HTTP binding choice (a saved
 * request whose protos have changed since, or a hand-edited file).
 */
export function pickHttpRule(methodName: string, rules: readonly HttpRule[], index: number | undefined): Result<HttpRule> {
  const at = index ?? 0;
  const rule = rules[at];
  if (rule !== undefined) return ok(rule);
  const listed = rules.map((r, i) => `${i}: ${httpRuleLabel(r)}`).join(', ');
  return err('INVALID_REQUEST', `${methodName} has ${rules.length} HTTP rule${rules.length === 1 ? '' : 's'} (${listed}); there is no rule ${at}. Choose one in HTTP binding.`, { field: 'httpRuleIndex', httpRuleIndex: at });
}
