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
