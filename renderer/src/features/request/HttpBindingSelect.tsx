import { useId } from 'react';
import { httpRuleLabel, pickHttpRule, type HttpRule } from '../../../../shared/http-rule';
import { useAppStore } from '../../store/app-store';

/**
 * Which of the method's google.api.http rules the tab's HTTP/JSON calls go through (saved with
 * the request as httpRuleIndex): the primary rule or one of its additional_bindings, labelled as
 * the method header shows a rule. A saved index the method no longer has stays visible, with the
 * engine's sentence for it, rather than silently becoming the primary rule.
 */
export function HttpBindingSelect({ tabId, methodName, rules }: { tabId: string; methodName: string; rules: readonly HttpRule[] }) {
  const index = useAppStore((s) => s.tabs.find((t) => t.id === tabId)?.httpRuleIndex ?? 0);
  const updateTab = useAppStore((s) => s.updateTab);
  const id = useId();
  const picked = pickHttpRule(methodName, rules, index);

  return (
    <>
      <label htmlFor={`${id}-binding`} className="protocol-title">
        HTTP binding
      </label>
      <select
        id={`${id}-binding`}
        className="input select protocol-select mono"
        value={String(index)}
        title="The google.api.http rule the call is sent through: the primary rule or one of its additional_bindings"
        onChange={(e) => {
          const next = Number(e.target.value);
          // 0 is the primary rule, as absent is: the request keeps no key for it.
          updateTab(tabId, { httpRuleIndex: next === 0 ? undefined : next });
        }}
      >
        {rules.map((rule, i) => (
          <option key={i} value={String(i)} title={rule.body === '' ? 'no body' : `body: ${rule.body}`}>
            {httpRuleLabel(rule)}
          </option>
        ))}
        {picked.ok ? null : (
          <option value={String(index)} disabled>
            {`rule ${index} (not in this method)`}
          </option>
        )}
      </select>
      {picked.ok ? null : (
        <p role="note" aria-label="HTTP binding note" className="protocol-note">
          {picked.error.message}
        </p>
      )}
    </>
  );
}
