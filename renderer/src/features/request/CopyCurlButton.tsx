import { Icon } from '../../components/Icon';
import { httpRuleLabel, type HttpRule } from '../../../../shared/http-rule';
import type { Result } from '../../../../shared/result';
import { authMetadata } from '../../../../shared/auth-metadata';
import { deadlineMs } from '../../../../shared/request-deadline';
import { buildCurlCommand } from '../../lib/curl';
import { withShellVariables } from '../../lib/grpcurl';
import { ShellPlaceholders, resolveTab } from '../../services/request-resolution';
import { metadataEntries } from '../../services/request-validation';
import { useAppStore } from '../../store/app-store';
import type { RequestTab } from '../../store/request-tab';

/**
 * Copies the curl command of the HTTP/JSON (transcoded) request through the google.api.http
 * rule the tab's HTTP binding selects (refused, saying why, when the method has no such rule):
 * variables resolved, auth as its header, secrets as shell variables. Built by the same shared
 * code the engine sends with, so the two agree.
 */
export function CopyCurlButton({ tab, rule: picked }: { tab: RequestTab; rule: Result<HttpRule> }) {
  const showNotice = useAppStore((s) => s.showNotice);

  const copy = async () => {
    if (!picked.ok) {
      showNotice('error', `The curl command was not copied: ${picked.error.message}`);
      return;
    }
    const rule = picked.value;
    const placeholders = new ShellPlaceholders();
    const resolved = await resolveTab(tab, { placeholders });
    if (!resolved.ok) {
      showNotice('error', `The curl command needs every variable: ${resolved.message}`);
      return;
    }
    const request = resolved.value.document;
    const metadata = metadataEntries([...request.metadata, ...authMetadata(request)].map((row, i) => ({ ...row, id: String(i) })));
    if (metadata.problem !== null) {
      showNotice('error', `The curl command was not copied: ${metadata.problem}`);
      return;
    }
    const deadline = deadlineMs(request.deadline);
    if (deadline.problem !== null) {
      showNotice('error', `The curl command was not copied: ${deadline.problem}`);
      return;
    }
    const built = buildCurlCommand({ connection: request.connection, rule, kind: tab.kind, metadata: metadata.entries, deadlineMs: deadline.value, body: request.body });
    if (!built.ok) {
      showNotice('error', `The curl command was not copied: ${built.error.message}`);
      return;
    }
    const command = withShellVariables(built.value, placeholders.markers);
    const variables = [...new Set(placeholders.markers.values())];
    const note = variables.length > 0 ? ` Set ${variables.map((v) => `$${v}`).join(', ')} in your shell first: secret values are never copied.` : '';
    try {
      await navigator.clipboard.writeText(command);
      showNotice('info', `curl command copied to the clipboard.${note}`);
    } catch {
      // Clipboard access can be refused (e.g. an unfocused page): show the command to copy by hand.
      window.prompt(`Copy the curl command:${note}`, command);
    }
  };

  return (
    <button type="button" className="btn btn-ghost" onClick={() => void copy()} title={picked.ok ? `Copy the curl command of the HTTP/JSON request (${httpRuleLabel(picked.value)})` : picked.error.message}>
      <Icon name="copy" />
      Copy as curl
    </button>
  );
}
