import { useState } from 'react';
import type { LiveCall } from '../../../../shared/live-calls';
import { KindBadge } from '../../components/KindBadge';
import { messageCountsText } from '../../lib/format';
import { METHOD_KIND_LABEL } from '../../lib/method-kind';
import { formatRunningTime } from '../../lib/running-time';
import { cancelLiveCall } from '../../services/live-calls';
import type { LiveCallsState } from './use-live-calls';

export const LIVE_CALLS_REGION_ID = 'live-calls-region';

/** The status-bar button: how many calls the engine runs (all pages); opens the region. */
export function LiveCallsButton({ count, open, onToggle }: { count: number; open: boolean; onToggle(): void }) {
  return (
    <button
      type="button"
      className={`status-button${count > 0 ? ' status-button-active' : ''}`}
      aria-label="Live calls"
      aria-expanded={open}
      aria-controls={open ? LIVE_CALLS_REGION_ID : undefined}
      title={`${count} call${count === 1 ? '' : 's'} running in the engine, from every page`}
      onClick={onToggle}
    >
      Live calls <span className="status-count">{count}</span>
    </button>
  );
}

/** Every running call of the engine, each cancellable, also those of other (or closed) pages. */
export function LiveCallsPanel({ live, onClose }: { live: LiveCallsState; onClose(): void }) {
  return (
    // Escape closes it while focus is inside (not while typing in the editor behind it).
    <section
      id={LIVE_CALLS_REGION_ID}
      className="live-calls"
      role="region"
      aria-label="Live calls"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <header className="live-calls-header">
        <h2>Live calls</h2>
        <span className="muted">Every running call, from any page or tab.</span>
        <span className="toolbar-spacer" />
        <button type="button" className="btn btn-ghost btn-small" onClick={onClose}>
          Close live calls
        </button>
      </header>
      {live.error !== null ? (
        <p className="live-calls-error" role="alert">
          Could not list the engine's calls: {live.error}
        </p>
      ) : null}
      {live.calls.length === 0 ? (
        <p className="live-calls-empty muted">No calls are running.</p>
      ) : (
        <div className="live-calls-list">
          {live.calls.map((call) => (
            <LiveCallCard key={call.callId} call={call} onCancelled={live.refresh} />
          ))}
        </div>
      )}
    </section>
  );
}

function shortName(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf('.') + 1);
}

function LiveCallCard({ call, onCancelled }: { call: LiveCall; onCancelled(): void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const cancel = () => {
    setCancelling(true);
    void cancelLiveCall(call.callId).then((result) => {
      setCancelling(false);
      if (result.ok) onCancelled();
      else setProblem(`Could not cancel this call: ${result.error.message}`);
    });
  };
  return (
    <article className="live-call" aria-label={call.method}>
      <div className="live-call-title">
        <KindBadge kind={call.kind} />
        <strong>{shortName(call.method)}</strong>
        <span className="muted mono live-call-method">{call.method}</span>
        {call.ownedByCaller ? null : (
          <span className={`live-call-owner${call.ownerGone ? ' live-call-owner-gone' : ''}`}>
            {call.ownerGone ? 'from another page (closed, ends soon)' : 'from another page'}
          </span>
        )}
      </div>
      <div className="live-call-facts">
        <span className="mono">{call.target}</span>
        <span>{METHOD_KIND_LABEL[call.kind]}</span>
        <span>Running {formatRunningTime(call.runningMs)}</span>
        <span>{messageCountsText(call.messagesSent, call.messagesReceived)}</span>
        <span className="toolbar-spacer" />
        <button type="button" className="btn btn-small" onClick={cancel} disabled={cancelling}>
          Cancel call
        </button>
      </div>
      {problem !== null ? (
        <p className="live-calls-error" role="alert">
          {problem}
        </p>
      ) : null}
    </article>
  );
}
