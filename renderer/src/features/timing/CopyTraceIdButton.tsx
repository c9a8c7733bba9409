import { Icon } from '../../components/Icon';
import { useAppStore } from '../../store/app-store';

/** Copies a call's trace id, to look the trace up in a tracing backend. */
export function CopyTraceIdButton({ traceId }: { traceId: string }) {
  const showNotice = useAppStore((s) => s.showNotice);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(traceId);
      showNotice('info', 'Trace ID copied to the clipboard.');
    } catch {
      // Clipboard access can be refused (e.g. an unfocused page): show it to copy by hand.
      window.prompt('Copy the trace ID:', traceId);
    }
  };
  return (
    <button type="button" className="btn btn-ghost btn-small copy-trace-id" aria-label="Copy trace ID" title="Copy the trace ID" onClick={() => void copy()}>
      <Icon name="copy" />
    </button>
  );
}
