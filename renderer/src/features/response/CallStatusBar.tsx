import { useState } from 'react';
import { formatMs, messageCountsText } from '../../lib/format';
import { sendsClientStream } from '../../lib/method-kind';
import type { CallRecord } from '../../store/call-record';

/**
 * A status message longer than this may not fit the four lines the bar shows (explanations of a
 * failure name the server, the cause and what to change): the bar then offers to show it all.
 */
const LONG_STATUS_MESSAGE_CHARS = 180;

/** Call status (code name + message, or Running) and the message counts, always in view. */
export function CallStatusBar({ call, starting }: { call: CallRecord | undefined; starting: boolean }) {
  const status = call?.status ?? null;
  const running = starting || (call !== undefined && call.phase !== 'ended' && status === null);
  let tone = 'idle';
  let code = 'Not started';
  let message = '';
  if (running) {
    tone = 'running';
    code = 'Running';
    // Unary and server-streaming calls half-close at once; for client streams it is news.
    if (call?.phase === 'half_closed' && sendsClientStream(call.kind)) message = 'you ended the stream; waiting for the server';
  } else if (status) {
    tone = status.code === 0 ? 'ok' : 'error';
    code = status.codeName;
    // grpc-js reports "OK" as the details of a successful call: saying it twice adds nothing.
    message = status.details === status.codeName ? '' : status.details;
  } else if (call) {
    tone = 'running';
    code = 'Running';
  }
  const total = call?.timing?.totalMs ?? null;
  // Which message was expanded: a new call's message starts clamped again.
  const [expandedMessage, setExpandedMessage] = useState<string | null>(null);
  const expanded = message !== '' && expandedMessage === message;
  const long = message.length > LONG_STATUS_MESSAGE_CHARS;

  return (
    <div className="call-status-bar">
      <div role="status" aria-label="Call status" className={`call-status tone-${tone}`}>
        <span className="status-code">{code}</span>
        {message ? (
          <>
            {' '}
            <span className={expanded ? 'status-message expanded' : 'status-message'} title={message}>
              {message}
            </span>
          </>
        ) : null}
      </div>
      {long ? (
        <button type="button" className="btn btn-ghost btn-small status-more" aria-expanded={expanded} onClick={() => setExpandedMessage(expanded ? null : message)}>
          {expanded ? 'Show less' : 'Show full message'}
        </button>
      ) : null}
      <span className="status-spacer" />
      {total !== null ? (
        <span className="status-total" title="Total call time">
          {formatMs(total)}
        </span>
      ) : null}
      <div role="status" aria-label="Message counts" className="message-counts">
        {messageCountsText(call?.sent ?? 0, call?.received ?? 0)}
      </div>
    </div>
  );
}
