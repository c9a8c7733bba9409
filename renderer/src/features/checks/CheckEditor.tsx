import type { JsonPathComparison, RequestCheck } from '../../../../shared/checks';
import { STATUS_CODE_NAMES } from '../../../../shared/call-events';
import { Icon } from '../../components/Icon';
import {
  CHECK_KINDS,
  COMPARISONS,
  COUNT_COMPARISONS,
  checkProblem,
  comparisonText,
  messageChoiceOf,
  newCheck,
  parseExpectedValue,
  selectorOf,
  withComparison,
  wholeNumber,
  type MessageChoice,
} from '../../lib/check-editing';
import { DraftField } from './DraftField';

type MessageCheck = Extract<RequestCheck, { kind: 'message' }>;

interface CheckEditorProps {
  index: number;
  check: RequestCheck;
  onChange: (check: RequestCheck) => void;
  onRemove: () => void;
}

/** One check of the request: its kind, the fields of that kind, and Remove check. */
export function CheckEditor({ index, check, onChange, onRemove }: CheckEditorProps) {
  const problem = checkProblem(check);
  const changeKind = (kind: RequestCheck['kind']) => {
    // Header <-> trailer keeps what was typed.
    if ((check.kind === 'header' || check.kind === 'trailer') && (kind === 'header' || kind === 'trailer')) onChange({ ...check, kind });
    else onChange(newCheck(kind));
  };
  return (
    <li className="check-row" role="group" aria-label={`Check ${index + 1}`}>
      <span className="check-number" aria-hidden="true">
        {index + 1}
      </span>
      <select className="select" aria-label="Check kind" value={check.kind} onChange={(e) => changeKind(e.target.value as RequestCheck['kind'])}>
        {CHECK_KINDS.map((k) => (
          <option key={k.id} value={k.id}>
            {k.label}
          </option>
        ))}
      </select>
      <span className="check-fields">
        <KindFields check={check} onChange={onChange} />
      </span>
      <button type="button" className="icon-btn" aria-label="Remove check" title="Remove check" onClick={onRemove}>
        <Icon name="trash" size={14} />
      </button>
      {problem ? <span className="check-problem check-row-problem">{problem}</span> : null}
    </li>
  );
}

function KindFields({ check, onChange }: { check: RequestCheck; onChange: (check: RequestCheck) => void }) {
  switch (check.kind) {
    case 'status':
      return (
        <select className="select" aria-label="Status code" value={check.code} onChange={(e) => onChange({ kind: 'status', code: e.target.value })}>
          {STATUS_CODE_NAMES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      );
    case 'message':
      return <MessageFields check={check} onChange={onChange} />;
    case 'header':
    case 'trailer': {
      const name = check.kind === 'header' ? 'Header name' : 'Trailer name';
      return (
        <>
          <input type="text" className="input mono" aria-label={name} placeholder="x-request-id" spellCheck={false} autoComplete="off" value={check.key} onChange={(e) => onChange({ ...check, key: e.target.value })} />
          <select
            className="select"
            aria-label="Comparison"
            value={check.equals === undefined ? 'present' : 'equals'}
            onChange={(e) => onChange(e.target.value === 'present' ? { kind: check.kind, key: check.key } : { ...check, equals: check.equals ?? '' })}
          >
            <option value="present">is present</option>
            <option value="equals">equals</option>
          </select>
          {check.equals !== undefined ? (
            <input type="text" className="input mono" aria-label="Expected value" spellCheck={false} autoComplete="off" value={check.equals} onChange={(e) => onChange({ ...check, equals: e.target.value })} />
          ) : null}
        </>
      );
    }
    case 'messageCount':
      return (
        <>
          <select className="select" aria-label="Comparison" value={check.op} onChange={(e) => onChange({ ...check, op: e.target.value as typeof check.op })}>
            {COUNT_COMPARISONS.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
          <DraftField
            label="Count"
            initial={String(check.count)}
            className="input mono number-input"
            commit={(text) => {
              const n = wholeNumber(text, 0);
              if (n === null) return 'Enter a whole number of messages (0 or more).';
              onChange({ ...check, count: n });
              return null;
            }}
          />
        </>
      );
    case 'duration':
      return (
        <>
          <span className="check-word">under</span>
          <DraftField
            label="Under (ms)"
            initial={String(check.underMs)}
            className="input mono number-input"
            commit={(text) => {
              const n = wholeNumber(text, 1);
              if (n === null) return 'Enter a whole number of milliseconds above 0.';
              onChange({ ...check, underMs: n });
              return null;
            }}
          />
          <span className="check-word">ms</span>
        </>
      );
  }
}

function MessageFields({ check, onChange }: { check: MessageCheck; onChange: (check: RequestCheck) => void }) {
  const choice = messageChoiceOf(check.message);
  const number = check.message.kind === 'nth' && check.message.index >= 0 ? check.message.index + 1 : 1;
  const text = comparisonText(check);
  const setComparisonText = (value: string) => {
    if (check.op === 'equals') onChange({ ...check, value: parseExpectedValue(value) });
    else if (check.op === 'contains') onChange({ ...check, value });
    else if (check.op === 'matches') onChange({ ...check, pattern: value });
  };
  const changeOp = (op: JsonPathComparison['op']) => onChange(withComparison(check, op, text));
  return (
    <>
      <select className="select" aria-label="Which message" value={choice} onChange={(e) => onChange({ ...check, message: selectorOf(e.target.value as MessageChoice, number) })}>
        <option value="nth">message number</option>
        <option value="last">the last message</option>
        <option value="every">every message</option>
      </select>
      {choice === 'nth' ? (
        <DraftField
          label="Message number"
          initial={String(number)}
          className="input mono number-input"
          commit={(value) => {
            const n = wholeNumber(value, 1);
            if (n === null) return 'Enter a message number from 1.';
            onChange({ ...check, message: selectorOf('nth', n) });
            return null;
          }}
        />
      ) : null}
      <input type="text" className="input mono" aria-label="JSON path" placeholder="$.items[0].id" spellCheck={false} autoComplete="off" value={check.path} onChange={(e) => onChange({ ...check, path: e.target.value })} />
      <select className="select" aria-label="Comparison" value={check.op} onChange={(e) => changeOp(e.target.value as JsonPathComparison['op'])}>
        {COMPARISONS.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label}
          </option>
        ))}
      </select>
      {check.op === 'equals' || check.op === 'contains' || check.op === 'matches' ? (
        <DraftField
          key={check.op}
          label={check.op === 'matches' ? 'Pattern' : 'Expected value'}
          initial={text}
          placeholder={check.op === 'equals' ? 'JSON, or text' : check.op === 'matches' ? '^a\\d+$' : 'text'}
          commit={(value) => {
            setComparisonText(value);
            return null;
          }}
        />
      ) : null}
    </>
  );
}
