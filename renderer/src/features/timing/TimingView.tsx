import { EmptyState } from '../../components/EmptyState';
import { formatBytes, formatCount, formatMs } from '../../lib/format';
import type { CallRecord } from '../../store/call-record';
import { sendsClientStream } from '../../lib/method-kind';
import type { ReactNode } from 'react';
import { CopyTraceIdButton } from './CopyTraceIdButton';
import { Waterfall } from './Waterfall';
import { buildWaterfall } from './waterfall-model';
import { attemptBars, attemptsSummary } from './attempts-model';

/** Timing table (what the UI contract names) and the waterfall picture. */
export function TimingView({ call }: { call: CallRecord | undefined }) {
  if (!call) {
    return (
      <div className="scroll-panel timing-view">
        <TimingTable rows={TIMING_ROWS.map((name) => ({ name, value: '—' }))} />
        <EmptyState title="Timing appears after a call" compact>
          Time to connect, to headers, to the first message, and the whole call on one time axis.
        </EmptyState>
      </div>
    );
  }
  const timing = call.timing;
  const ended = call.phase === 'ended';
  const totalMs = timing?.totalMs ?? call.lastEventMs;
  const waited = timing?.waitForConnectionMs ?? null;

  const attempts = attemptBars(timing?.attempts);
  const rows: TimingRow[] = [
    {
      name: 'Time to connect',
      value: ended ? formatMs(waited ?? 0) : '…',
      note: ended && waited === null ? 'connection was already ready' : undefined,
    },
    { name: 'Time to headers', value: formatMs(timing?.timeToHeadersMs ?? call.headersTimeMs) },
    { name: 'Time to first message', value: formatMs(timing?.timeToFirstMessageMs ?? call.firstReceivedMs), note: 'first message received' },
    { name: 'Total', value: formatMs(totalMs), note: ended ? undefined : 'running' },
    {
      name: 'Attempts',
      value: ended ? attemptsSummary(attempts) : '…',
      note: attempts.length > 1 ? 'retried or hedged by the service config' : attempts.length === 1 ? 'one HTTP/2 stream' : ended ? 'no stream was opened' : undefined,
    },
    { name: 'Request encoding', ...requestEncodingRow(timing, ended) },
    { name: 'Response encoding', value: call.responseEncoding ?? '—', note: call.responseEncoding === null ? (ended ? 'no response headers' : 'known once headers arrive') : 'grpc-encoding of the response' },
    { name: 'Peer', value: call.peer ?? '—', note: call.peer === null ? (ended ? 'server not reached' : 'known once headers arrive') : 'served this call' },
    call.trace === null
      ? { name: 'Trace ID', value: '—', note: 'none sent (Send trace context)' }
      : {
          name: 'Trace ID',
          value: call.trace.traceId,
          note: call.trace.source === 'user' ? 'from your traceparent metadata (sent as typed)' : 'sent as W3C traceparent',
          action: <CopyTraceIdButton traceId={call.trace.traceId} />,
        },
  ];

  const model = buildWaterfall(
    {
      endMs: totalMs,
      waitForConnectionMs: waited,
      timeToHeadersMs: timing?.timeToHeadersMs ?? call.headersTimeMs,
      halfClosedMs: sendsClientStream(call.kind) ? call.halfClosedMs : null,
      sentTimes: call.sentTimes.samples(),
      receivedTimes: call.receivedTimes.samples(),
      sentWeight: call.sentTimes.weight,
      receivedWeight: call.receivedTimes.weight,
    },
    160,
  );

  return (
    <div className="scroll-panel timing-view">
      <TimingTable rows={rows} />
      <Waterfall model={model} statusLabel={call.status?.codeName ?? (ended ? null : 'running')} attempts={attempts} />
      {timing ? (
        <dl className="stats">
          <div>
            <dt>Sent</dt>
            <dd>
              {plural(timing.messagesSent, 'message')} · {formatBytes(timing.bytesSent)}
            </dd>
          </div>
          <div>
            <dt>Received</dt>
            <dd>
              {plural(timing.messagesReceived, 'message')} · {formatBytes(timing.bytesReceived)}
            </dd>
          </div>
          {timing.messagesReceived > 1 && timing.totalMs > 0 ? (
            <div>
              <dt>Rate</dt>
              <dd>{formatCount(Math.round((timing.messagesReceived / timing.totalMs) * 1000))} messages/s received</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
    </div>
  );
}

const TIMING_ROWS = ['Time to connect', 'Time to headers', 'Time to first message', 'Total', 'Attempts', 'Request encoding', 'Response encoding', 'Peer', 'Trace ID'] as const;

interface TimingRow {
  name: string;
  value: string;
  note?: string | undefined;
  /** A button that acts on the value (copy). */
  action?: ReactNode;
}

/** Rows are named by their label alone (aria-label), so "Time to connect" finds its row exactly. */
function TimingTable({ rows }: { rows: TimingRow[] }) {
  return (
    <table aria-label="Timing" className="kv-table timing-table">
      <tbody>
        {rows.map((row) => (
          <tr key={row.name} aria-label={row.name}>
            <th scope="row">{row.name}</th>
            <td className="mono num">
              {row.value}
              {row.action ?? null}
            </td>
            <td className="muted">{row.note ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** What grpc-js put on the request stream: its grpc-encoding and how many messages it compressed. */
function requestEncodingRow(timing: CallRecord['timing'], ended: boolean): { value: string; note?: string } {
  if (!ended) return { value: '…' };
  if (timing?.requestEncoding === undefined) return { value: '—', note: 'no request stream was opened' };
  const compressed = timing.sentCompressed ?? 0;
  if (timing.requestEncoding === 'identity') return { value: 'identity', note: 'messages sent uncompressed' };
  return { value: timing.requestEncoding, note: `${plural(compressed, 'message')} of ${formatCount(timing.messagesSent)} sent compressed` };
}
