import { useCallback, useEffect, useState } from 'react';
import type { HistorySummary } from '../../../../shared/history';
import { formatMs } from '../../lib/format';
import { clearHistory, deleteHistoryEntry, openHistoryEntry, rerunHistoryEntry, searchHistory, HISTORY_PAGE } from '../../services/history-actions';
import { useAppStore } from '../../store/app-store';

const SEARCH_DELAY_MS = 150;

function timeText(at: number): string {
  const date = new Date(at);
  const today = new Date();
  const sameDay = date.toDateString() === today.toDateString();
  return sameDay ? date.toLocaleTimeString() : date.toLocaleString();
}

/**
 * Past calls, newest first, from the engine's history database; the search runs there too
 * (method, status, target or body text), so ten thousand calls never cross to the page.
 */
export function HistoryPanel() {
  const close = () => useAppStore.getState().setHistoryOpen(false);
  const calls = useAppStore((s) => s.calls);
  const [query, setQuery] = useState('');
  const [entries, setEntries] = useState<HistorySummary[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async (text: string) => {
    const result = await searchHistory(text);
    if (result.ok) {
      setEntries(result.entries);
      setProblem(null);
    } else setProblem(result.message);
  }, []);

  // Calls that end while the panel is open appear without a manual refresh.
  const ended = Object.values(calls).filter((c) => c.phase === 'ended' && !String(c.callId).startsWith('history-')).length;
  useEffect(() => {
    const timer = setTimeout(() => void load(query), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query, load, ended]);

  const remove = async (id: number) => {
    if (await deleteHistoryEntry(id)) setEntries((list) => list?.filter((e) => e.id !== id) ?? null);
  };
  const clearAll = async () => {
    if (!window.confirm('Delete every call in history? This cannot be undone.')) return;
    if (await clearHistory()) setEntries([]);
  };

  return (
    <section className="history-panel" aria-label="History">
      <header className="history-header">
        <h2>History</h2>
        <input
          type="search"
          className="input"
          aria-label="Search history"
          placeholder="Search method, status, target or body"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="button" className="btn btn-small btn-danger" onClick={() => void clearAll()} disabled={entries?.length === 0}>
          Clear history
        </button>
        <button type="button" className="btn btn-small btn-ghost" onClick={close} aria-label="Close history">
          ×
        </button>
      </header>
      {problem !== null ? <p role="alert" className="alert alert-error">History could not be read: {problem}</p> : null}
      {entries === null ? <p className="field-hint">Loading…</p> : null}
      {entries?.length === 0 ? (
        <p className="field-hint">{query === '' ? 'No calls yet: every call you make is recorded here, with secrets redacted.' : `No call matches “${query}”.`}</p>
      ) : null}
      <div className="history-list">
        {entries?.map((entry) => (
          <article
            key={entry.id}
            className="history-entry"
            aria-label={`${entry.method} ${entry.status || 'no status'}`}
            onDoubleClick={() => void openHistoryEntry(entry.id)}
          >
            <div className="history-line">
              <span className={`status-tag ${entry.status === 'OK' ? 'status-ok' : 'status-error'}`}>{entry.status || 'no status'}</span>
              <span className="mono history-method">{entry.method}</span>
            </div>
            <div className="history-line field-hint">
              <span className="mono">{entry.target}</span>
              {entry.environment !== '' ? <span>· {entry.environment}</span> : null}
              <time dateTime={new Date(entry.startedAt).toISOString()}>{timeText(entry.startedAt)}</time>
              {entry.durationMs !== null ? <span>· {formatMs(entry.durationMs)}</span> : null}
            </div>
            <div className="history-actions">
              <button type="button" className="btn btn-small" onClick={() => void openHistoryEntry(entry.id)}>Open</button>
              <button type="button" className="btn btn-small" onClick={() => void rerunHistoryEntry(entry.id)}>Re-run</button>
              <button type="button" className="btn btn-small btn-ghost" onClick={() => void remove(entry.id)}>Delete</button>
            </div>
          </article>
        ))}
        {entries !== null && entries.length >= HISTORY_PAGE ? <p className="field-hint">Showing the newest {HISTORY_PAGE}: search to find older calls.</p> : null}
      </div>
    </section>
  );
}
