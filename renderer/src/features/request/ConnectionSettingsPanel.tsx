import { useState } from 'react';
import type { Compression, ConnectionSettings, LoadBalancing } from '../../../../shared/connection';
import { DEFAULT_MAX_RECEIVE_BYTES } from '../../../../shared/connection';
import { userTraceparent } from '../../../../shared/trace-context';
import { intToText, parseOptionalInt } from '../../../../shared/number-field';
import { CONNECTION_NUMBER_SETTINGS, numberSettingProblem, type NumberSetting } from '../../services/request-validation';
import { useAppStore } from '../../store/app-store';
import { ServiceConfigField } from './ServiceConfigField';
import type { SettingsOwner } from '../../store/requests-slice';
import { connectionOf } from '../../store/requests-slice';

/** Keepalive and channel options. Number fields keep what was typed and show a problem inline. */
export function ConnectionSettingsPanel({ owner }: { owner: SettingsOwner }) {
  const connection = useAppStore((s) => connectionOf(s, owner));
  const updateConnection = useAppStore((s) => s.updateConnection);
  // The engine sends a traceparent the user typed instead of making one: the hint says so.
  const typedTraceparent = useAppStore((s) => owner !== 'defaults' && userTraceparent(s.tabs.find((t) => t.id === owner.tabId)?.metadata ?? []) !== null);
  const id = owner === 'defaults' ? 'connection-settings-defaults' : `connection-settings-${owner.tabId}`;
  const set = (change: (c: ConnectionSettings) => ConnectionSettings) => updateConnection(owner, change);

  return (
    <section id={id} className="settings-panel" aria-label="Connection settings panel">
      <div className="settings-grid">
        <NumberField
          label="Keepalive time (ms)"
          setting={CONNECTION_NUMBER_SETTINGS.keepaliveTimeMs}
          hint="Ping the server after this much idle time. Empty = off."
          value={connection.keepalive.timeMs}
          onValue={(timeMs) => set((c) => ({ ...c, keepalive: { ...c.keepalive, timeMs } }))}
        />
        <NumberField
          label="Keepalive timeout (ms)"
          setting={CONNECTION_NUMBER_SETTINGS.keepaliveTimeoutMs}
          hint="Close the connection if a ping is not answered in time. Empty = 20000."
          value={connection.keepalive.timeoutMs}
          onValue={(timeoutMs) => set((c) => ({ ...c, keepalive: { ...c.keepalive, timeoutMs } }))}
        />
        <NumberField
          label="Max receive message size (bytes)"
          setting={CONNECTION_NUMBER_SETTINGS.maxReceiveBytes}
          hint={`Largest message accepted. Empty = ${DEFAULT_MAX_RECEIVE_BYTES.toLocaleString('en-US')} (64 MiB); -1 = unlimited.`}
          value={connection.maxReceiveBytes}
          allowMinusOne
          onValue={(maxReceiveBytes) => set((c) => ({ ...c, maxReceiveBytes }))}
        />
        <div className="field">
          <label className="field-label" htmlFor={`${id}-lb`}>
            Load balancing
          </label>
          <select id={`${id}-lb`} className="input select" value={connection.loadBalancing} onChange={(e) => set((c) => ({ ...c, loadBalancing: e.target.value as LoadBalancing }))}>
            <option value="pick_first">pick_first</option>
            <option value="round_robin">round_robin</option>
          </select>
          <span className="field-hint">round_robin spreads calls over every resolved address.</span>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-compression`}>
            Compression
          </label>
          <select id={`${id}-compression`} className="input select" value={connection.compression} onChange={(e) => set((c) => ({ ...c, compression: e.target.value as Compression }))}>
            <option value="identity">identity</option>
            <option value="deflate">deflate</option>
            <option value="gzip">gzip</option>
          </select>
          <span className="field-hint">How request messages are compressed (each one, unless the server says it does not accept it).</span>
        </div>
        <div className="field field-check">
          <label className="check">
            <input
              type="checkbox"
              checked={connection.keepalive.permitWithoutCalls}
              onChange={(e) => set((c) => ({ ...c, keepalive: { ...c.keepalive, permitWithoutCalls: e.target.checked } }))}
            />
            Keepalive without calls
          </label>
          <span className="field-hint">Keep pinging while no call is running.</span>
        </div>
        <div className="field field-check">
          <label className="check">
            <input type="checkbox" checked={connection.waitForReady === true} onChange={(e) => set((c) => ({ ...c, waitForReady: e.target.checked }))} />
            Wait for ready
          </label>
          <span className="field-hint">A call started while the server is unreachable waits for it (until the deadline) instead of failing fast with UNAVAILABLE.</span>
        </div>
        <div className="field field-check">
          <label className="check">
            <input type="checkbox" checked={connection.sendTraceContext === true} onChange={(e) => set((c) => ({ ...c, sendTraceContext: e.target.checked }))} />
            Send trace context
          </label>
          <span className="field-hint">
            {typedTraceparent
              ? 'Your traceparent in Metadata is sent as typed; no new one is added while it is there.'
              : 'Adds a W3C traceparent header with a new trace id to each call. A traceparent in the metadata is sent instead.'}
          </span>
        </div>
        <ServiceConfigField
          id={id}
          value={connection.serviceConfig ?? ''}
          onValue={(serviceConfig) =>
            set((c) => {
              const { serviceConfig: _old, ...rest } = c;
              return serviceConfig === undefined ? rest : { ...rest, serviceConfig };
            })
          }
        />
      </div>
    </section>
  );
}

/** A whole-number field; a value outside the contract's range for `setting` is shown as a problem (with the range) and not applied. */
function NumberField({ label, setting, hint, value, onValue, allowMinusOne }: { label: string; setting: NumberSetting; hint: string; value: number | null; onValue: (v: number | null) => void; allowMinusOne?: boolean }) {
  const [text, setText] = useState(intToText(value));
  const [problem, setProblem] = useState<string | null>(null);
  const [lastValue, setLastValue] = useState(value);
  if (value !== lastValue) {
    // Changed elsewhere (e.g. a workspace load): show the new value.
    setLastValue(value);
    if (parseOptionalInt(text, { allowMinusOne }).value !== value) setText(intToText(value));
  }
  const inputId = `nf-${label.replace(/\W+/g, '-')}`;
  return (
    <div className="field">
      <label className="field-label" htmlFor={inputId}>
        {label}
      </label>
      <input
        id={inputId}
        type="text"
        inputMode="numeric"
        className={problem ? 'input mono invalid' : 'input mono'}
        aria-invalid={problem !== null}
        value={text}
        placeholder="default"
        onChange={(e) => {
          setText(e.target.value);
          const parsed = parseOptionalInt(e.target.value, { allowMinusOne });
          const problem = parsed.problem ?? numberSettingProblem(setting, parsed.value);
          setProblem(problem);
          if (problem === null) {
            setLastValue(parsed.value);
            onValue(parsed.value);
          }
        }}
      />
      <span className={problem ? 'field-hint error' : 'field-hint'}>{problem ?? hint}</span>
    </div>
  );
}
