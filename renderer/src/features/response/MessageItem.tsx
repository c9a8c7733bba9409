import { memo } from 'react';
import type { StreamMessage } from '../../../../shared/call-events';
import { Icon } from '../../components/Icon';
import { formatCount, formatMs } from '../../lib/format';
import { compactJson, prettyJson } from './message-text';

interface MessageItemProps {
  message: StreamMessage;
  expanded: boolean;
  onToggle: (message: StreamMessage) => void;
}

/** One stream message: direction (colour + arrow + word), index, time since start, size, JSON. */
export const MessageItem = memo(function MessageItem({ message, expanded, onToggle }: MessageItemProps) {
  const pretty = expanded ? prettyJson(message) : null;
  return (
    <article className={`message message-${message.direction}${expanded ? ' expanded' : ''}`}>
      <header className="message-meta">
        <Icon name={message.direction === 'sent' ? 'arrowUp' : 'arrowDown'} size={13} className="message-arrow" />
        <span className="message-direction">{message.direction}</span>
        <span className="message-index">#{message.index}</span>
        <span className="message-time" title="Time since the call started">
          +{formatMs(message.timeMs)}
        </span>
        <span className="message-size" title="Serialized size on the wire">
          {formatCount(message.bytes)} B
        </span>
        <button type="button" className="message-toggle" aria-expanded={expanded} onClick={() => onToggle(message)}>
          {expanded ? 'Collapse' : 'Expand'}
        </button>
      </header>
      {pretty ? (
        <pre className="message-json pretty">
          {pretty.text}
          {pretty.truncated ? '\n… (cut here: save the stream to see the whole message)' : ''}
        </pre>
      ) : (
        <code className="message-json compact" onDoubleClick={() => onToggle(message)}>
          {compactJson(message)}
        </code>
      )}
    </article>
  );
});
