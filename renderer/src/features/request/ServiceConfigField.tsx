import { useState } from 'react';
import { checkServiceConfig } from '../../../../shared/service-config';

/**
 * `Service config`: the gRPC service config JSON (retryPolicy, hedgingPolicy, timeout, ...) of the
 * tab's channel. Every edit is kept as typed, even when invalid: the check only explains (under the
 * field, naming the failing field), and the engine refuses just the call that would use it, so no
 * other setting is blocked while the user is mid-edit.
 */
export function ServiceConfigField({ id, value, onValue }: { id: string; value: string; onValue: (text: string | undefined) => void }) {
  const [text, setText] = useState(value);
  const [lastValue, setLastValue] = useState(value);
  if (value !== lastValue) {
    // Changed elsewhere (a workspace load, a saved request): show the new value.
    setLastValue(value);
    setText(value);
  }
  const check = checkServiceConfig(text);
  const problem = check.ok ? null : `${check.path === '' ? '' : `${check.path}: `}${check.message}`;
  const inputId = `${id}-service-config`;
  const messageId = `${inputId}-message`;
  return (
    <div className="field field-wide">
      <label className="field-label" htmlFor={inputId}>
        Service config
      </label>
      <textarea
        id={inputId}
        className={problem ? 'input mono invalid' : 'input mono'}
        rows={5}
        spellCheck={false}
        aria-invalid={problem !== null}
        aria-describedby={messageId}
        placeholder='{"methodConfig":[{"name":[{"service":"pkg.Service"}],"retryPolicy":{...}}]}'
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setLastValue(e.target.value);
          onValue(e.target.value.trim() === '' ? undefined : e.target.value);
        }}
      />
      {problem ? (
        <span id={messageId} role="alert" className="field-hint error">
          {problem}
        </span>
      ) : (
        <span id={messageId} className="field-hint">
          gRPC service config JSON (retryPolicy, hedgingPolicy, timeout, retryThrottling). Its loadBalancingConfig wins over Load balancing. Empty = none.
        </span>
      )}
    </div>
  );
}
