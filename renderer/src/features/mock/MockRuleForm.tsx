import { useEffect, useMemo, useState } from 'react';
import { STATUS_CODE_NAMES } from '../../../../shared/call-events';
import type { CatalogMethod } from '../../../../shared/catalog';
import { MOCK_LIMITS, MOCK_RULE_DEFAULTS, type MockMethodRule } from '../../../../shared/mock';
import { saveMockRule } from '../../services/mock-actions';
import { useAppStore } from '../../store/app-store';
import { useMockStore } from '../../store/mock-store';

interface RuleFields {
  code: string;
  message: string;
  detailsJson: string;
  latencyMs: string;
  messageCount: string;
  intervalMs: string;
  responseJson: string;
}

function fieldsOf(rule: Omit<MockMethodRule, 'method'>): RuleFields {
  return {
    code: String(rule.status?.code ?? 0),
    message: rule.status?.message ?? '',
    detailsJson: rule.status?.detailsJson ?? '',
    latencyMs: String(rule.latencyMs),
    messageCount: String(rule.messageCount),
    intervalMs: String(rule.intervalMs),
    responseJson: rule.responseJson ?? '',
  };
}

/** A whole number from 0 to max, or the sentence saying what is wrong with the field. */
function wholeNumber(label: string, text: string, max: number): number | string {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(value) || value < 0 || value > max) return `${label} must be a whole number from 0 to ${max}.`;
  return value;
}

function ruleOf(method: string, fields: RuleFields): MockMethodRule | string {
  const latencyMs = wholeNumber('Latency (ms)', fields.latencyMs, MOCK_LIMITS.maxDelayMs);
  const messageCount = wholeNumber('Message count', fields.messageCount, MOCK_LIMITS.maxMessageCount);
  const intervalMs = wholeNumber('Interval (ms)', fields.intervalMs, MOCK_LIMITS.maxDelayMs);
  for (const value of [latencyMs, messageCount, intervalMs]) if (typeof value === 'string') return value;
  const code = Number(fields.code);
  return {
    method,
    status: code === 0 ? null : { code, message: fields.message, detailsJson: fields.detailsJson },
    latencyMs: latencyMs as number,
    messageCount: messageCount as number,
    intervalMs: intervalMs as number,
    responseJson: fields.responseJson.trim() === '' ? null : fields.responseJson,
  };
}

/** Per-method rule editing for the running mock: status, latency, stream count and interval, response JSON. */
export function MockRuleForm() {
  const server = useMockStore((s) => s.server);
  const rules = useMockStore((s) => s.rules);
  const rulesFolder = useMockStore((s) => s.rulesFolder);
  const protoSets = useAppStore((s) => s.protoSets);
  const methods = useMemo(() => {
    const set = protoSets.find((p) => p.id === server.protoSetId);
    const list: { key: string; method: CatalogMethod }[] = [];
    for (const pkg of set?.packages ?? []) {
      for (const service of pkg.services) {
        if (!server.services.includes(service.fullName)) continue;
        for (const method of service.methods) list.push({ key: `${service.fullName}/${method.name}`, method });
      }
    }
    return list;
  }, [protoSets, server.protoSetId, server.services]);
  const [chosen, setChosen] = useState<string>('');
  const key = methods.some((m) => m.key === chosen) ? chosen : (methods[0]?.key ?? '');
  const kind = methods.find((m) => m.key === key)?.method.kind;
  const saved = rules.methods.find((r) => r.method === key);
  const [fields, setFields] = useState<RuleFields>(() => fieldsOf(saved ?? MOCK_RULE_DEFAULTS));
  const [note, setNote] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  useEffect(() => {
    setFields(fieldsOf(saved ?? MOCK_RULE_DEFAULTS));
    setNote(null);
  }, [key, saved]);

  if (methods.length === 0) return null;
  const set = (change: Partial<RuleFields>) => setFields((f) => ({ ...f, ...change }));
  const failing = fields.code !== '0';

  const save = async () => {
    const rule = ruleOf(key, fields);
    if (typeof rule === 'string') {
      setNote({ tone: 'error', text: rule });
      return;
    }
    const problem = await saveMockRule(rule);
    const folder = useMockStore.getState().rulesFolder;
    setNote(
      problem !== null
        ? { tone: 'error', text: problem }
        : { tone: 'ok', text: folder !== null ? `Saved in ${folder}/grpc-mock.json; the next call follows it.` : 'Applies from the next call, for this run only: open a collection to save rules.' },
    );
  };

  return (
    <form
      className="mock-rule"
      aria-label="Mock rule"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3>Rule</h3>
      <label className="field">
        <span className="field-label">Rule method</span>
        <select aria-label="Rule method" className="select" value={key} onChange={(e) => setChosen(e.target.value)}>
          {methods.map((m) => (
            <option key={m.key} value={m.key}>
              {m.key} ({m.method.kind.replace('_', ' ')})
            </option>
          ))}
        </select>
      </label>
      <div className="mock-rule-row">
        <label className="field">
          <span className="field-label">Status code</span>
          <select aria-label="Status code" className="select" value={fields.code} onChange={(e) => set({ code: e.target.value })}>
            {STATUS_CODE_NAMES.map((name, code) => (
              <option key={name} value={String(code)}>
                {code} {name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Latency (ms)</span>
          <input aria-label="Latency (ms)" className="input" inputMode="numeric" value={fields.latencyMs} onChange={(e) => set({ latencyMs: e.target.value })} />
        </label>
      </div>
      {failing ? (
        <>
          <label className="field">
            <span className="field-label">Status message</span>
            <input aria-label="Status message" className="input" value={fields.message} onChange={(e) => set({ message: e.target.value })} />
          </label>
          <label className="field">
            <span className="field-label">Error details (JSON)</span>
            <textarea aria-label="Error details (JSON)"
              className="input mono"
              rows={3}
              placeholder='[{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "QUOTA"}]'
              value={fields.detailsJson}
              onChange={(e) => set({ detailsJson: e.target.value })}
            />
          </label>
        </>
      ) : null}
      {kind === 'server_streaming' ? (
        <div className="mock-rule-row">
          <label className="field">
            <span className="field-label">Message count</span>
            <input aria-label="Message count" className="input" inputMode="numeric" value={fields.messageCount} onChange={(e) => set({ messageCount: e.target.value })} />
          </label>
          <label className="field">
            <span className="field-label">Interval (ms)</span>
            <input aria-label="Interval (ms)" className="input" inputMode="numeric" value={fields.intervalMs} onChange={(e) => set({ intervalMs: e.target.value })} />
          </label>
        </div>
      ) : null}
      {!failing ? (
        <label className="field">
          <span className="field-label">Response (JSON)</span>
          <textarea aria-label="Response (JSON)"
            className="input mono"
            rows={4}
            placeholder="Empty: a generated example of the response type"
            value={fields.responseJson}
            onChange={(e) => set({ responseJson: e.target.value })}
          />
        </label>
      ) : null}
      <div className="mock-rule-actions">
        <button type="submit" className="btn btn-primary btn-small">
          Save rule
        </button>
        <span className="muted">{rulesFolder !== null ? `Rules file: ${rulesFolder}/grpc-mock.json` : 'No collection open: rules last for this run.'}</span>
      </div>
      {note !== null ? (
        <p role={note.tone === 'error' ? 'alert' : 'status'} className={note.tone === 'error' ? 'mock-problem' : 'muted'}>
          {note.text}
        </p>
      ) : null}
    </form>
  );
}
