import { useMemo, useState } from 'react';
import type { StreamMessage } from '../../../../shared/call-events';
import { formatCount } from '../../lib/format';
import { HEX_MAX_BYTES, HEX_PREVIEW_BYTES, hexDumpLines, undecodableBytes } from './hex-dump';

/** A received message whose bytes are not the method's output type: why, and the bytes themselves. */
export function UndecodableMessage({ message }: { message: StreamMessage }) {
  const [showAll, setShowAll] = useState(false);
  const bytes = useMemo(() => undecodableBytes(message.json), [message.json]);
  const limit = showAll ? HEX_MAX_BYTES : HEX_PREVIEW_BYTES;
  const lines = useMemo(() => (bytes ? hexDumpLines(bytes, limit) : []), [bytes, limit]);
  const shown = bytes ? Math.min(bytes.length, limit) : 0;
  return (
    <section className="undecodable" aria-label="Undecodable message">
      <p className="undecodable-reason">{undecodableSummary(message)}</p>
      {bytes ? (
        <>
          <pre className="hex-view mono" aria-label="Bytes (hex)">
            {lines.join('\n')}
          </pre>
          {shown < bytes.length ? (
            <p className="muted hex-more">
              Showing the first {formatCount(shown)} of {formatCount(bytes.length)} bytes.{' '}
              {!showAll ? (
                <button type="button" className="btn btn-ghost btn-small" onClick={() => setShowAll(true)}>
                  {bytes.length <= HEX_MAX_BYTES ? `Show all ${formatCount(bytes.length)} bytes` : `Show ${formatCount(HEX_MAX_BYTES)} bytes`}
                </button>
              ) : (
                'Save stream writes every byte.'
              )}
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** "These N bytes are not a valid <type>: <reason>", or the engine's own text for older records. */
export function undecodableSummary(message: StreamMessage): string {
  const problem = message.undecodable;
  if (!problem) return '';
  return `These ${formatCount(message.bytes)} bytes are not a valid ${problem.typeName}: ${problem.reason}. The server may send a different message type, or use a newer version of the proto.`;
}
