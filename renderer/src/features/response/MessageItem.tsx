import { memo } from 'react';
import type { StreamMessage } from '../../../../shared/call-events';
import { Icon } from '../../components/Icon';
import { formatCount, formatMs } from '../../lib/format';
import type { CallId } from '../../../../shared/ids';
import { FullMessage } from './FullMessage';
import { compactJson, prettyJson } from './message-text';
import { UndecodableMessage, undecodableSummary } from './UndecodableMessage';
import { UnknownFieldsTable } from './UnknownFieldsTable';

interface MessageItemProps {
  message: StreamMessage;
  /** The call the message belongs to: a preview row fetches its whole message from it. */
  callId: CallId;
  expanded: boolean;
  onToggle: (message: StreamMessage) => void;
}

/**
 * One stream message: direction (colour + arrow + word), index, time since start, size, JSON.
 * What JSON cannot show is flagged in the header and shown when expanded: the fields the
 * imported proto does not define, notes on parts left undecoded (an Any of an unknown type),
 * and for bytes that are not the expected type, why and a hex view.
 */
export const MessageItem = memo(function MessageItem({ message, callId, expanded, onToggle }: MessageItemProps) {
  const pretty = expanded && !message.undecodable ? prettyJson(message) : null;
  const unknownCount = message.unknownFields?.length ?? 0;
  const noteCount = message.notes?.length ?? 0;
  return (
    <article className={`message message-${message.direction}${expanded ? ' expanded' : ''}`}>
      <header className="message-meta">
        <Icon name={message.direction === 'sent' ? 'arrowUp' : 'arrowDown'} size={13} className="message-arrow" />
        <span className="message-direction">{message.direction}</span>
        <span className="message-index">#{message.index}</span>
        <span className="message-time" title="Time since the call started">
          +{formatMs(message.timeMs)}
        </span>
        <span className="message-size" title={sizeTitle(message)}>
          {formatCount(message.bytes)} B
        </span>
        {message.wire?.compression ? (
          <span className="message-wire" title={wireTitle(message, message.wire.compression, message.wire.bytes)}>
            {message.wire.compression} · {formatCount(message.wire.bytes)} B on the wire
          </span>
        ) : null}
        {message.undecodable ? <span className="message-flag flag-danger">not a valid {message.undecodable.typeName}</span> : null}
        {unknownCount > 0 ? (
          <span className="message-flag" title="Fields the imported proto does not define; expand to see them">
            {formatCount(unknownCount)} unknown field{unknownCount === 1 ? '' : 's'}
          </span>
        ) : null}
        {message.preview ? (
          <span className="message-flag" title="Only the start of this message crossed to the page; expand it to load, copy or save the whole message">
            preview of {formatCount(message.preview.jsonChars)} chars
          </span>
        ) : null}
        {noteCount > 0 ? (
          <span className="message-flag" title={message.notes?.join('\n')}>
            {formatCount(noteCount)} part{noteCount === 1 ? '' : 's'} not decoded
          </span>
        ) : null}
        <button type="button" className="message-toggle" aria-expanded={expanded} onClick={() => onToggle(message)}>
          {expanded ? 'Collapse' : 'Expand'}
        </button>
      </header>
      {expanded && message.undecodable ? (
        <UndecodableMessage message={message} />
      ) : pretty ? (
        <pre className={`message-json pretty${message.preview ? ' preview-json' : ''}`}>
          {pretty.text}
          {pretty.truncated ? '\n… (cut here: save the stream to see the whole message)' : message.preview ? '\n… (preview ends here)' : ''}
        </pre>
      ) : (
        <code className="message-json compact" onDoubleClick={() => onToggle(message)}>
          {message.undecodable ? undecodableSummary(message) : compactJson(message)}
        </code>
      )}
      {expanded && message.preview ? <FullMessage callId={callId} message={message} /> : null}
      {expanded && message.notes ? (
        <ul className="message-notes" aria-label="Notes">
          {message.notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      ) : null}
      {expanded && message.unknownFields ? <UnknownFieldsTable fields={message.unknownFields} /> : null}
    </article>
  );
});

function sizeTitle(message: StreamMessage): string {
  if (message.wire === undefined) return 'Serialized size';
  if (message.wire.compression === null) return 'Serialized size; the frame was not compressed on the wire';
  return message.direction === 'sent' ? 'Serialized size, before the frame was compressed' : 'Serialized size, decoded from the compressed frame';
}

function wireTitle(message: StreamMessage, compression: string, wireBytes: number): string {
  const size = message.direction === 'sent' ? 'before compression' : 'decoded';
  return `The gRPC frame was compressed with ${compression}: ${formatCount(wireBytes)} B on the wire for ${formatCount(message.bytes)} B ${size}`;
}
