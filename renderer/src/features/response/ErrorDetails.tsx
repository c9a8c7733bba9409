import type { RichErrorDetail } from '../../../../shared/call-events';
import { UnknownFieldsTable } from './UnknownFieldsTable';

/** The google.rpc.Status details the server sent (ErrorInfo, BadRequest, RetryInfo, ...). */
export function ErrorDetails({ details }: { details: RichErrorDetail[] }) {
  return (
    <section className="error-details" aria-label="Error details">
      <h2 className="error-details-title">Error details</h2>
      <ul>
        {details.map((detail, i) => (
          <li key={i} className="error-detail">
            <div className="error-detail-type mono">{shortTypeName(detail.type)}</div>
            {detail.json === null ? (
              <p className="muted">Unknown detail type ({detail.type}): not decoded.</p>
            ) : (
              <pre className="error-detail-json mono">{JSON.stringify(detail.json, null, 2)}</pre>
            )}
            {detail.notes?.map((note, n) => (
              <p key={n} className="muted error-detail-note">
                {note}
              </p>
            ))}
            {detail.unknownFields ? <UnknownFieldsTable fields={detail.unknownFields} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function shortTypeName(type: string): string {
  return type.replace(/^type\.googleapis\.com\//, '');
}
