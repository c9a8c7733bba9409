import type { VariableCapture } from '../../../../shared/checks';
import { Icon } from '../../components/Icon';
import { captureProblem, wholeNumber } from '../../lib/check-editing';
import { DraftField } from './DraftField';

type Source = VariableCapture['from'];
type Which = 'first' | 'last' | 'nth';

interface CaptureEditorProps {
  index: number;
  capture: VariableCapture;
  onChange: (capture: VariableCapture) => void;
  onRemove: () => void;
}

function whichOf(capture: Extract<VariableCapture, { from: 'message' }>): Which {
  if (capture.messageIndex === undefined) return 'first';
  return capture.messageIndex === -1 ? 'last' : 'nth';
}

/** One capture: the variable to set, and where in the response its value is read. */
export function CaptureEditor({ index, capture, onChange, onRemove }: CaptureEditorProps) {
  const problem = captureProblem(capture);
  const changeSource = (from: Source) => {
    if (from === capture.from) return;
    if (from === 'message') onChange({ variable: capture.variable, from, path: '$' });
    else onChange({ variable: capture.variable, from, name: capture.from === 'message' ? '' : capture.name });
  };
  return (
    <li className="check-row" role="group" aria-label={`Capture ${index + 1}`}>
      <span className="check-number" aria-hidden="true">
        {index + 1}
      </span>
      <input type="text" className="input mono" aria-label="Variable" placeholder="token" spellCheck={false} autoComplete="off" value={capture.variable} onChange={(e) => onChange({ ...capture, variable: e.target.value })} />
      <span className="check-fields">
        <span className="check-word">from</span>
        <select className="select" aria-label="From" value={capture.from} onChange={(e) => changeSource(e.target.value as Source)}>
          <option value="message">a message</option>
          <option value="header">a header</option>
          <option value="trailer">a trailer</option>
        </select>
        {capture.from === 'message' ? (
          <MessageSource capture={capture} onChange={onChange} />
        ) : (
          <input
            type="text"
            className="input mono"
            aria-label={capture.from === 'header' ? 'Header name' : 'Trailer name'}
            placeholder="x-request-id"
            spellCheck={false}
            autoComplete="off"
            value={capture.name}
            onChange={(e) => onChange({ ...capture, name: e.target.value })}
          />
        )}
      </span>
      <button type="button" className="icon-btn" aria-label="Remove capture" title="Remove capture" onClick={onRemove}>
        <Icon name="trash" size={14} />
      </button>
      {problem ? <span className="check-problem check-row-problem">{problem}</span> : null}
    </li>
  );
}

function MessageSource({ capture, onChange }: { capture: Extract<VariableCapture, { from: 'message' }>; onChange: (capture: VariableCapture) => void }) {
  const which = whichOf(capture);
  const { messageIndex: _index, ...rest } = capture;
  const setWhich = (next: Which) => {
    if (next === 'first') onChange(rest);
    else if (next === 'last') onChange({ ...rest, messageIndex: -1 });
    else onChange({ ...rest, messageIndex: 1 });
  };
  return (
    <>
      <select className="select" aria-label="Which message" value={which} onChange={(e) => setWhich(e.target.value as Which)}>
        <option value="first">the first message</option>
        <option value="last">the last message</option>
        <option value="nth">message number</option>
      </select>
      {which === 'nth' ? (
        <DraftField
          label="Message number"
          initial={String((capture.messageIndex ?? 0) + 1)}
          className="input mono number-input"
          commit={(text) => {
            const n = wholeNumber(text, 1);
            if (n === null) return 'Enter a message number from 1.';
            onChange({ ...rest, messageIndex: n - 1 });
            return null;
          }}
        />
      ) : null}
      <input type="text" className="input mono" aria-label="JSON path" placeholder="$.token" spellCheck={false} autoComplete="off" value={capture.path} onChange={(e) => onChange({ ...capture, path: e.target.value })} />
    </>
  );
}
