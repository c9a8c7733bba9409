import { httpRuleLabel, type HttpRule } from '../../../../shared/http-rule';

/**
 * The method's google.api.http rule in the method header, e.g. "POST /v3/kv/range": the one the
 * tab's HTTP binding selects (null = a saved binding the method does not have: the primary is
 * shown, and the HTTP binding note says why). The other bindings are counted and listed on hover.
 */
export function HttpRuleLabel({ rules, selected }: { rules: readonly HttpRule[]; selected: HttpRule | null }) {
  const shown = selected ?? rules[0];
  if (shown === undefined) return null;
  const title = ['HTTP rule (google.api.http)', ...rules.map((r) => `${r === shown ? '• ' : ''}${httpRuleLabel(r)}${r.body ? `  body: ${r.body}` : ''}`)].join('\n');
  return (
    <span className="http-rule mono" aria-label="HTTP rule" title={title}>
      {httpRuleLabel(shown)}
      {rules.length > 1 ? <span className="muted"> +{rules.length - 1} more</span> : null}
    </span>
  );
}
