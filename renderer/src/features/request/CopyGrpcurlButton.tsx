import { Icon } from '../../components/Icon';
import { authMetadata } from '../../../../shared/auth-metadata';
import { buildGrpcurlCommand, grpcurlProblem, withShellVariables } from '../../lib/grpcurl';
import { ShellPlaceholders, resolveTab } from '../../services/request-resolution';
import { deadlineMs } from '../../../../shared/request-deadline';
import { metadataEntries } from '../../services/request-validation';
import { useAppStore } from '../../store/app-store';
import type { RequestTab } from '../../store/request-tab';

/**
 * Copies the grpcurl command that makes the same call: variables resolved, auth as its
 * header, and secrets (and {{$env.NAME}}) as shell variables ("$TOKEN"), never their values.
 */
export function CopyGrpcurlButton({ tab }: { tab: RequestTab }) {
  const source = useAppStore((s) => s.protoSets.find((p) => p.id === tab.method.protoSetId)?.source ?? null);
  const showNotice = useAppStore((s) => s.showNotice);

  const copy = async () => {
    const placeholders = new ShellPlaceholders();
    const resolved = await resolveTab(tab, { placeholders });
    if (!resolved.ok) {
      showNotice('error', `The grpcurl command needs every variable: ${resolved.message}`);
      return;
    }
    const request = resolved.value.document;
    const metadata = metadataEntries([...request.metadata, ...authMetadata(request)].map((row, i) => ({ ...row, id: String(i) })));
    // Say so rather than copy a command without the metadata the user typed.
    if (metadata.problem !== null) {
      showNotice('error', `The grpcurl command was not copied: ${metadata.problem}`);
      return;
    }
    const deadline = deadlineMs(request.deadline);
    if (deadline.problem !== null) {
      showNotice('error', `The grpcurl command was not copied: ${deadline.problem}`);
      return;
    }
    // A path prefix grpcurl cannot send: refuse rather than copy a command that calls another path.
    const unsupported = grpcurlProblem(request);
    if (unsupported !== null) {
      showNotice('error', `The grpcurl command was not copied: ${unsupported}`);
      return;
    }
    const built = buildGrpcurlCommand({
      connection: request.connection,
      metadata: metadata.entries,
      deadlineMs: deadline.value,
      body: request.body,
      service: tab.method.service,
      method: tab.method.method,
      emitDefaults: request.emitDefaults,
      source,
    });
    const command = withShellVariables(built, placeholders.markers);
    const variables = [...new Set(placeholders.markers.values())];
    // Basic auth is base64 of user:password, so a secret password cannot stay a shell variable inside it.
    const basicSecret = request.auth.kind === 'basic' && /GWSHELLVAR\d+Z/.test(request.auth.username + request.auth.password);
    const finalCommand = basicSecret ? command.replace(/'authorization: Basic [A-Za-z0-9+/=]+'/, '"authorization: Basic $BASIC_CREDENTIALS"') : command;
    const note = basicSecret
      ? ' Set BASIC_CREDENTIALS to base64 of user:password first.'
      : variables.length > 0
        ? ` Set ${variables.map((v) => `$${v}`).join(', ')} in your shell first: secret values are never copied.`
        : '';
    try {
      await navigator.clipboard.writeText(finalCommand);
      showNotice('info', `grpcurl command copied to the clipboard.${note}`);
    } catch {
      // Clipboard access can be refused (e.g. an unfocused page): show the command to copy by hand.
      window.prompt(`Copy the grpcurl command:${note}`, finalCommand);
    }
  };

  return (
    <button type="button" className="btn btn-ghost" onClick={() => void copy()} title="Copy an equivalent grpcurl command (secrets as shell variables)">
      <Icon name="copy" />
      Copy as grpcurl
    </button>
  );
}
