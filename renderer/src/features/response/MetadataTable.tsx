import type { ReceivedMetadata } from '../../../../shared/metadata';

/** Response headers or trailers: key and value columns. Binary (-bin) values are base64. */
export function MetadataTable({ label, entries, emptyText }: { label: string; entries: ReceivedMetadata | null; emptyText: string }) {
  return (
    <table aria-label={label} className="kv-table">
      <thead>
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {entries && entries.length > 0 ? (
          entries.map((entry, i) => (
            <tr key={`${entry.key}-${i}`}>
              <td className="mono kv-key">{entry.key}</td>
              <td className="mono kv-value">
                {entry.value}
                {entry.key.endsWith('-bin') ? <span className="muted"> (base64)</span> : null}
              </td>
            </tr>
          ))
        ) : (
          <tr className="kv-empty">
            <td colSpan={2} className="muted">
              {emptyText}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
