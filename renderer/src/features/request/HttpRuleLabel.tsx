import { httpRuleLabel, type HttpRule } from '../../../../shared/http-rule';

/** The method's google.api.http rule in the method header, e.g. "POST /v3/kv/range"; more bindings are counted and listed on hover. */
export function HttpRuleLabel({ rules }: { rules: HttpRule[] }) {
  const [primary, ...more] = rules;
  if (primary === undefined) return null;
  const title = ['HTTP rule (google.api.http)', ...rules.map((r) => `${httpRuleLabel(r)}${r.body ? `  body: ${r.body}` : ''}`)].join('\n');
  return (
    <span className="http-rule mono" aria-label="HTTP rule" title={title}>
      {httpRuleLabel(primary)}
      {more.length > 0 ? <span className="muted"> +{more.length} more</span> : null}
    </span>
  );
}
