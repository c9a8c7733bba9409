import type { LoadTestSnapshot } from '../../../../shared/load-test';
import { Icon } from '../../components/Icon';
import { sendsClientStream } from '../../lib/method-kind';
import { exportLoadTest, startLoadTest, stopLoadTest } from '../../services/load-test-actions';
import { useAppStore } from '../../store/app-store';
import { EMPTY_LOAD_TEST, useLoadTestStore, type LoadTestView } from '../../store/load-test-store';
import { LocustExport } from './LocustExport';

function useView(tabId: string): LoadTestView {
  return useLoadTestStore((s) => s.byTab[tabId] ?? EMPTY_LOAD_TEST);
}

/** Load test: opens (and closes) the tab's Load test region. */
export function LoadTestButton({ tabId }: { tabId: string }) {
  const view = useView(tabId);
  const update = useLoadTestStore((s) => s.update);
  return (
    // The label folds away in a narrow address bar (streams have more buttons): the icon and aria-label stay.
    <button type="button" className={view.open ? 'btn btn-ghost pressed' : 'btn btn-ghost'} aria-label="Load test" aria-expanded={view.open} onClick={() => update(tabId, { open: !view.open })} title="Run this request many times at once and measure latency and throughput">
      <Icon name="bars" />
      <span className="collapsible-label">Load test</span>
    </button>
  );
}

const FIELDS = [
  ['concurrency', 'Concurrency'],
  ['totalRequests', 'Total requests'],
  ['durationS', 'Duration (s)'],
  ['ratePerSecond', 'Rate (requests/s)'],
  ['connections', 'Connections'],
] as const;

/** Client and bidi streams: what each stream sends. */
const STREAM_FIELDS = [
  ['messagesPerStream', 'Messages per stream'],
  ['messageIntervalMs', 'Message interval (ms)'],
] as const;

function ms(value: number | undefined): string {
  if (value === undefined) return '—';
  return value < 10 ? `${value.toFixed(2)} ms` : `${value.toFixed(1)} ms`;
}

/** The histogram as bars, one per latency range; the renderer only draws the engine's snapshot. */
function LatencyHistogram({ snapshot }: { snapshot: LoadTestSnapshot | null }) {
  const buckets = snapshot?.histogram ?? [];
  const most = Math.max(1, ...buckets.map((b) => b.count));
  const width = 400;
  const height = 100;
  const barWidth = buckets.length > 0 ? width / buckets.length : width;
  const summary = buckets.length === 0 ? 'No calls yet' : `Latency from ${ms(buckets[0]?.upToMs)} to ${ms(buckets[buckets.length - 1]?.upToMs)}, ${snapshot?.requests ?? 0} calls`;
  return (
    <figure className="load-histogram" aria-label="Latency histogram">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" height={height} role="img" aria-label={summary}>
        {buckets.map((b, i) => {
          const h = (b.count / most) * (height - 4);
          return (
            <rect key={i} x={i * barWidth + 1} y={height - h} width={Math.max(1, barWidth - 2)} height={h} fill="var(--accent, #4c8bf5)">
              <title>{`≤ ${ms(b.upToMs)}: ${b.count}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption>{summary}</figcaption>
    </figure>
  );
}

/** Region Load test: settings, Start/Stop, live results, histogram, status codes, export. */
export function LoadTestPanel({ tabId }: { tabId: string }) {
  const view = useView(tabId);
  const update = useLoadTestStore((s) => s.update);
  const kind = useAppStore((s) => s.tabs.find((t) => t.id === tabId)?.kind ?? 'unary');
  if (!view.open) return null;
  const s = view.snapshot;
  const streams = kind !== 'unary';
  const running = view.starting || (view.loadId !== null && s?.running !== false);
  const rows: [string, string][] = [
    ['Requests', String(s?.requests ?? 0)],
    ['Requests/s', (s?.requestsPerSecond ?? 0).toFixed(1)],
    ['Errors', String(s?.errors ?? 0)],
    ['p50', ms(s?.latencyMs?.p50)],
    ['p90', ms(s?.latencyMs?.p90)],
    ['p99', ms(s?.latencyMs?.p99)],
    ['Slowest', ms(s?.latencyMs?.slowest)],
    ['Fastest', ms(s?.latencyMs?.fastest)],
    ...(streams ? ([['Messages sent', String(s?.messagesSent ?? 0)], ['Messages received', String(s?.messagesReceived ?? 0)]] as [string, string][]) : []),
  ];
  const fields = sendsClientStream(kind) ? [...FIELDS, ...STREAM_FIELDS] : FIELDS;
  return (
    <section className="load-test" role="region" aria-label="Load test">
      <div className="load-test-settings">
        {fields.map(([key, label]) => (
          <label key={key} className="load-field">
            <span>{label}</span>
            <input type="text" inputMode="numeric" className="input mono" aria-label={label} placeholder="no limit" value={view[key]} disabled={running} onChange={(e) => update(tabId, { [key]: e.target.value })} />
          </label>
        ))}
        {running ? (
          <button type="button" className="btn" onClick={() => void stopLoadTest(tabId)}>Stop load test</button>
        ) : (
          <button type="button" className="btn btn-primary" onClick={() => void startLoadTest(tabId)}>Start load test</button>
        )}
        <button type="button" className="btn btn-ghost" disabled={running || view.loadId === null} onClick={() => void exportLoadTest(tabId, 'json')} title="ghz's JSON report shape">Export JSON</button>
        <button type="button" className="btn btn-ghost" disabled={running || view.loadId === null} onClick={() => void exportLoadTest(tabId, 'csv')}>Export CSV</button>
        <span role="status" aria-label="Load test state">{view.problem ?? (s === null ? (running ? 'Running…' : 'Not run') : s.running ? `Running, ${(s.elapsedMs / 1000).toFixed(0)} s` : `Ended (${s.endReason ?? ''}) after ${(s.elapsedMs / 1000).toFixed(1)} s`)}</span>
      </div>
      <div className="load-test-results">
        <table aria-label="Load test results" className="kv-table">
          <tbody>
            {rows.map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td className="mono">{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <LatencyHistogram snapshot={s} />
        <table aria-label="Status codes" className="kv-table">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Count</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(s?.statusCounts ?? {}).map(([status, count]) => (
              <tr key={status}>
                <th scope="row">{status}</th>
                <td className="mono">{count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LocustExport tabId={tabId} unary={kind === 'unary'} note={view.locustNote} />
    </section>
  );
}
