import type { UnknownField } from '../../../../shared/call-events';
import { formatCount } from '../../lib/format';

/**
 * Fields a message carried that the imported descriptors do not define (the server's .proto
 * is newer), as the wire gave them: where, the field number, the wire type and the value.
 */
export function UnknownFieldsTable({ fields }: { fields: UnknownField[] }) {
  return (
    <section className="unknown-fields" aria-label="Unknown fields">
      <h3 className="unknown-fields-title">
        Unknown fields ({formatCount(fields.length)}) <span className="muted">not in the imported proto; the server may use a newer version</span>
      </h3>
      <table className="unknown-fields-table">
        <thead>
          <tr>
            <th scope="col">Where</th>
            <th scope="col">Field</th>
            <th scope="col">Wire type</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((field, i) => (
            <tr key={i}>
              <td className="mono">{field.path === '' ? '(top level)' : field.path}</td>
              <td className="mono">#{field.number}</td>
              <td>{field.wireType}</td>
              <td className="mono unknown-field-value">
                {field.encoding === 'utf8' ? JSON.stringify(field.value) : field.value}
                {field.truncated ? '…' : ''}
                {valueNote(field) ? <span className="muted"> {valueNote(field)}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function valueNote(field: UnknownField): string {
  const parts: string[] = [];
  if (field.byteLength !== undefined) parts.push(`${formatCount(field.byteLength)} B${field.encoding === 'hex' ? ' hex' : ''}`);
  if (field.alternatives) parts.push(...field.alternatives);
  return parts.length > 0 ? `(${parts.join(' · ')})` : '';
}
