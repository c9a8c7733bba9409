import { Icon } from '../../components/Icon';
import { buildGrpcurlCommand } from '../../lib/grpcurl';
import { deadlineMs, metadataEntries } from '../../services/request-validation';
import { useAppStore } from '../../store/app-store';
import type { RequestTab } from '../../store/request-tab';

/** Copies the grpcurl command that makes the same call (with this tab's TLS, metadata, deadline and body). */
export function CopyGrpcurlButton({ tab }: { tab: RequestTab }) {
  const source = useAppStore((s) => s.protoSets.find((p) => p.id === tab.method.protoSetId)?.source ?? null);
  const showNotice = useAppStore((s) => s.showNotice);

  const copy = async () => {
    const command = buildGrpcurlCommand({
      connection: tab.connection,
      metadata: metadataEntries(tab.metadata).entries,
      deadlineMs: deadlineMs(tab.deadline).value,
      body: tab.body,
      service: tab.method.service,
      method: tab.method.method,
      emitDefaults: tab.emitDefaults,
      source,
    });
    try {
      await navigator.clipboard.writeText(command);
      showNotice('info', 'grpcurl command copied to the clipboard.');
    } catch {
      // Clipboard access can be refused (e.g. an unfocused page): show the command to copy by hand.
      window.prompt('Copy the grpcurl command:', command);
    }
  };

  return (
    <button type="button" className="btn btn-ghost" onClick={() => void copy()} title="Copy an equivalent grpcurl command">
      <Icon name="copy" />
      Copy as grpcurl
    </button>
  );
}
