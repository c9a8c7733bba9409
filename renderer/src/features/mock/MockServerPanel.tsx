import { statusCodeName } from '../../../../shared/call-events';
import type { MockRequestRecord } from '../../../../shared/mock';
import { useMockStore } from '../../store/mock-store';
import { MockRuleForm } from './MockRuleForm';

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text; // a message that could not be read says so in words
  }
}

function RequestItem({ record }: { record: MockRequestRecord }) {
  const time = new Date(record.at).toLocaleTimeString();
  const method = record.path.replace(/^\//, '');
  const status = record.status === null ? 'running' : statusCodeName(record.status.code);
  return (
    <li className="mock-request" aria-label={`${time} ${method}`}>
      <div className="mock-request-head">
        <span className="mono muted">{time}</span>
        <strong className="mono">{method}</strong>
        <span className={`mock-request-status ${record.status === null || record.status.code === 0 ? '' : 'failed'}`}>{status}</span>
      </div>
      {record.metadata.length > 0 ? (
        <dl className="mock-request-metadata" aria-label="Metadata">
          {record.metadata.map((entry, index) => (
            <div key={`${entry.key}-${index}`}>
              <dt className="mono">{entry.key}</dt>
              <dd className="mono">{entry.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {record.messages.map((message, index) => (
        <pre key={index} className="mono mock-request-body" aria-label={record.messages.length > 1 ? `Body ${index + 1}` : 'Body'}>
          {prettyJson(message)}
        </pre>
      ))}
      {record.moreMessages > 0 ? <p className="muted">and {record.moreMessages} more messages</p> : null}
    </li>
  );
}

/** The mock's received calls (newest first) and its per-method rules, beside the workspace. */
export function MockServerPanel() {
  const server = useMockStore((s) => s.server);
  const requests = useMockStore((s) => s.requests);
  const close = () => useMockStore.getState().update({ panelOpen: false });
  return (
    <section className="mock-panel" aria-label="Mock server panel">
      <header className="history-header">
        <h2>Mock server</h2>
        <code className="mono muted">{server.address ?? 'stopped'}</code>
        <span className="spacer" />
        <button type="button" className="btn btn-small" onClick={close}>
          Close
        </button>
      </header>
      {server.running ? <MockRuleForm /> : null}
      <section className="mock-requests" aria-label="Mock requests">
        <h3>Received requests ({requests.length})</h3>
        {requests.length === 0 ? <p className="muted">No calls yet. Point a tab at {server.address ?? 'the mock'} (Use mock server) and invoke a method.</p> : null}
        <ul>
          {[...requests].reverse().map((record) => (
            <RequestItem key={record.id} record={record} />
          ))}
        </ul>
      </section>
    </section>
  );
}
