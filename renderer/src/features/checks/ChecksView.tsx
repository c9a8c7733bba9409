import { useMemo, useState } from 'react';
import type { RequestCheck, VariableCapture } from '../../../../shared/checks';
import { Icon } from '../../components/Icon';
import { useAppStore } from '../../store/app-store';
import { useCheckOutcomeStore, type TabCallOutcome } from '../../store/check-outcome-store';
import { collectionForTab } from '../../store/collections-slice';
import type { RequestTab } from '../../store/request-tab';
import { CaptureEditor } from './CaptureEditor';
import { CheckEditor } from './CheckEditor';
import { newCheck } from '../../lib/check-editing';
import { checkResultsOf } from './check-results';

/** The outcome of the tab's latest call, once it ended (undefined while it runs or before any). */
export function useTabOutcome(tab: RequestTab): TabCallOutcome | undefined {
  const taken = useCheckOutcomeStore((s) => s.byTab[tab.id]);
  return taken !== undefined && taken.callId === tab.callId ? taken : undefined;
}

/** The Checks view of a request: its checks and captures (saved with it), and how the last call did. */
export function ChecksView({ tab }: { tab: RequestTab }) {
  const updateTab = useAppStore((s) => s.updateTab);
  const taken = useTabOutcome(tab);
  // Rows hold typed text of their own: after a removal (or a new version from disk) they start again from the request.
  const [generation, setGeneration] = useState(0);
  const rowKey = (i: number) => `${tab.saved?.revision ?? ''}-${generation}-${i}`;
  const checks = tab.checks ?? [];
  const captures = tab.captures ?? [];
  const results = useMemo(() => checkResultsOf(tab.checks, taken), [tab.checks, taken]);

  const setChecks = (next: RequestCheck[]) => updateTab(tab.id, { checks: next });
  const setCaptures = (next: VariableCapture[]) => updateTab(tab.id, { captures: next });
  const removeAt = <T,>(list: readonly T[], i: number) => {
    setGeneration((g) => g + 1);
    return list.filter((_, j) => j !== i);
  };

  return (
    <div className="scroll-panel checks-view">
      <section className="checks-section" aria-label="Checks">
        <div className="section-header">
          <span className="section-title">
            Checks{checks.length > 0 ? <span className="count-pill">{checks.length}</span> : null}
          </span>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setChecks([...checks, newCheck('status')])}>
            <Icon name="plus" size={14} />
            Add check
          </button>
        </div>
        {checks.length === 0 ? (
          <p className="checks-empty">No checks. Add one to judge every call of this request: status, a JSON path of a message, a header or trailer, the message count, the duration. They are saved with the request, and the command-line runner uses them too.</p>
        ) : (
          <ol className="check-rows">
            {checks.map((check, i) => (
              <CheckEditor key={rowKey(i)} index={i} check={check} onChange={(c) => setChecks(checks.map((old, j) => (j === i ? c : old)))} onRemove={() => setChecks(removeAt(checks, i))} />
            ))}
          </ol>
        )}
      </section>

      {checks.length > 0 ? <CheckResults tab={tab} taken={taken} results={results} /> : null}

      <section className="checks-section" aria-label="Captures">
        <div className="section-header">
          <span className="section-title">
            Captures{captures.length > 0 ? <span className="count-pill">{captures.length}</span> : null}
          </span>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setCaptures([...captures, { variable: '', from: 'message', path: '$' }])}>
            <Icon name="plus" size={14} />
            Add capture
          </button>
        </div>
        <CaptureTarget tab={tab} />
        {captures.length > 0 ? (
          <ol className="check-rows">
            {captures.map((capture, i) => (
              <CaptureEditor key={rowKey(i)} index={i} capture={capture} onChange={(c) => setCaptures(captures.map((old, j) => (j === i ? c : old)))} onRemove={() => setCaptures(removeAt(captures, i))} />
            ))}
          </ol>
        ) : null}
        {captures.length > 0 && taken ? <CaptureResults taken={taken} /> : null}
      </section>
    </div>
  );
}

function CheckResults({ tab, taken, results }: { tab: RequestTab; taken: TabCallOutcome | undefined; results: ReturnType<typeof checkResultsOf> }) {
  const running = tab.starting || (tab.callId !== null && taken === undefined);
  const passed = results?.filter((r) => r.passed).length ?? 0;
  return (
    <section className="checks-section" aria-label="Check results">
      <div className="section-header">
        <span className="section-title">Check results</span>
        {results ? (
          <span className={passed === results.length ? 'checks-summary passed' : 'checks-summary failed'} role="status">
            {passed} passed, {results.length - passed} failed
          </span>
        ) : null}
      </div>
      {results === null ? (
        <p className="checks-empty">{running ? 'The checks run when the call ends.' : 'Invoke the request: its checks are judged when the call ends.'}</p>
      ) : (
        <ul className="check-results" aria-label="Check results">
          {results.map((r) => (
            <li key={r.index} className={r.passed ? 'check-result passed' : 'check-result failed'}>
              <span className="check-verdict">{r.passed ? '✓ Passed' : '✗ Failed'}</span>
              <span className="check-label mono">{r.label}</span>
              <span className="check-detail">{r.passed ? r.detail : `got: ${r.detail}`}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Where captured values will go, so the user knows before calling. */
function CaptureTarget({ tab }: { tab: RequestTab }) {
  const collection = useAppStore((s) => collectionForTab(s, tab.saved?.folder ?? null));
  if (!collection) return <p className="checks-empty">After a call that ends OK, captures set variables of the active environment. Open a collection to use them.</p>;
  if (collection.activeEnvironment === null) return <p className="checks-empty">After a call that ends OK, captures set variables of the active environment: choose an environment of “{collection.index.name}”.</p>;
  return (
    <p className="checks-empty">
      After a call that ends OK, captures set variables of environment “{collection.activeEnvironment}” ({collection.index.name}); a secret variable keeps its value in the keychain.
    </p>
  );
}

function CaptureResults({ taken }: { taken: TabCallOutcome }) {
  if (taken.outcome.statusCode !== 'OK') return <p className="checks-empty">The call ended {taken.outcome.statusCode}: nothing was captured.</p>;
  if (taken.captures === null) return <p className="checks-empty">Setting captured variables…</p>;
  return (
    <ul className="check-results" aria-label="Capture results">
      {taken.captures.map((c, i) => (
        <li key={i} className={c.ok ? 'check-result passed' : 'check-result failed'}>
          <span className="check-verdict">{c.ok ? '✓ Set' : '✗ Not set'}</span>
          {c.ok ? (
            <span className="check-label mono">
              {`{{${c.variable}}}`} = {c.shown}
              {c.secret ? ' (secret)' : ''}
            </span>
          ) : (
            <span className="check-detail">{c.message}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
