import { memo } from 'react';
import { formatCount } from '../../lib/format';
import type { SkippedRange } from '../../store/message-log';

interface SkippedMessagesProps {
  range: SkippedRange;
  loading: boolean;
  /** Why the last load failed (e.g. the engine no longer keeps these messages). */
  error: string | null;
  onLoad: (range: SkippedRange) => void;
}

/**
 * A run of messages this page does not hold, in its place in the log. Scrolling it into view
 * loads it (see MessagesView); the button does the same at once.
 */
export const SkippedMessages = memo(function SkippedMessages({ range, loading, error, onLoad }: SkippedMessagesProps) {
  const label = `${formatCount(range.count)} message${range.count === 1 ? '' : 's'} not loaded`;
  return (
    <div className={`message-skipped${error ? ' failed' : ''}`} role="group" aria-label={label}>
      <span className="message-skipped-text">{label}</span>
      {error ? <span className="message-skipped-error">{error}</span> : null}
      <button type="button" className="btn btn-small" disabled={loading} onClick={() => onLoad(range)}>
        {loading ? 'Loading…' : error ? 'Try again' : 'Load messages'}
      </button>
    </div>
  );
});
