import type { WorkbenchError } from '../../../../shared/result';
import { Icon } from '../../components/Icon';
import { diagnosticsOf } from '../../services/catalog-actions';

const TITLES: Partial<Record<WorkbenchError['code'], string>> = {
  BAD_JSON: 'The request JSON does not match the message',
  BAD_TARGET: 'The server address is not valid',
  TLS: 'TLS settings problem',
  CALL_STATE: 'The call cannot take that now',
  INVALID_REQUEST: 'Check the request',
  NOT_FOUND: 'Not found',
  IO: 'File problem',
};

/** The last error from the engine for this tab, right where the user is looking. */
export function RequestErrorAlert({ error, onDismiss }: { error: WorkbenchError; onDismiss: () => void }) {
  const path = typeof error.details?.['path'] === 'string' ? (error.details['path'] as string) : null;
  const diagnostics = diagnosticsOf(error);
  return (
    <div role="alert" className="alert alert-error">
      <Icon name="warning" className="alert-icon" />
      <div className="alert-body">
        <strong>{TITLES[error.code] ?? 'Something went wrong'}</strong>
        <span className="alert-code">{error.code}</span>
        <p className="alert-message">{error.message}</p>
        {path ? <p className="alert-detail mono">at {path}</p> : null}
        {diagnostics.length > 0 ? (
          <ul className="diagnostics">
            {diagnostics.map((d, i) => (
              <li key={i} className="mono">
                {d.file}:{d.line}:{d.column} — {d.message}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <button type="button" className="icon-btn" aria-label="Dismiss error" onClick={onDismiss}>
        <Icon name="close" size={12} />
      </button>
    </div>
  );
}
