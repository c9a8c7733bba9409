import { useState } from 'react';
import { asProtoSetId } from '../../../../shared/ids';
import { methodFullName } from '../../../../shared/request-document';
import { FormDialog } from '../../components/FormDialog';
import type { GrpcurlImport } from '../../lib/grpcurl-import';
import { parseGrpcurlCommand } from '../../lib/grpcurl-import';
import { ensureMethodDescription, importProtos } from '../../services/catalog-actions';
import { findMethod } from '../../services/method-resolution';
import { useAppStore } from '../../store/app-store';
import { tabInputOfDocument } from '../../store/request-document-model';

const close = () => useAppStore.getState().setWorkspaceDialog(null);

const PLACEHOLDER = `grpcurl -plaintext \\
  -H 'authorization: Bearer …' \\
  -d '{"name": "world"}' \\
  localhost:50051 helloworld.Greeter/SayHello`;

/** Paste a grpcurl command; it opens as a new tab making the same call. */
export function GrpcurlImportDialog() {
  const [command, setCommand] = useState('');
  return (
    <FormDialog
      label="Import grpcurl command"
      submitLabel="Import"
      onClose={close}
      initialFocusSelector="#grpcurl-command"
      onSubmit={async () => {
        const parsed = parseGrpcurlCommand(command);
        if (!parsed.ok) return parsed.message;
        await openImportedCommand(parsed.value);
        close();
        return null;
      }}
    >
      <div className="field">
        <label className="field-label" htmlFor="grpcurl-command">
          grpcurl command
        </label>
        <textarea
          id="grpcurl-command"
          className="input mono textarea"
          rows={10}
          spellCheck={false}
          autoComplete="off"
          placeholder={PLACEHOLDER}
          value={command}
          aria-describedby="grpcurl-command-hint"
          onChange={(e) => setCommand(e.target.value)}
          onKeyDown={(e) => {
            // Enter makes a new line; Ctrl/Cmd+Enter imports.
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
        />
        <span id="grpcurl-command-hint" className="field-hint">
          Paste the whole command, line continuations and all. It opens as a new tab with the same server, TLS, metadata, deadline and body; proto
          files and descriptor sets it names (-proto, -protoset) are imported when the method is not loaded yet.
        </span>
      </div>
    </FormDialog>
  );
}

/**
 * Opens the imported request in a new tab. The method is looked up by name in the loaded
 * protos; when they lack it, the files the command names are imported (grpcurl reads them the
 * same way). A method still not found leaves the tab open with an error saying what to import.
 */
export async function openImportedCommand({ document, schema, notes }: GrpcurlImport): Promise<void> {
  const name = methodFullName(document.method);
  const named = [...schema.protoFiles, ...schema.protosets];
  let found = findMethod(useAppStore.getState().protoSets, document.method);
  let importFailure: string | null = null;
  if (!found && named.length > 0) {
    const problems = await importProtos({ protoFiles: schema.protoFiles, importPaths: schema.importPaths, descriptorSets: schema.protosets });
    if (problems.length > 0) importFailure = problems.map((p) => `${p.title}: ${p.message}`).join(' ');
    found = findMethod(useAppStore.getState().protoSets, document.method);
  }

  const method = found?.ref ?? { protoSetId: asProtoSetId(''), ...document.method };
  const kind = found?.kind ?? document.kind ?? 'unary';
  // grpcurl without -d sends an empty message: "{}" keeps the tab from filling in an example instead.
  const body = document.body.trim() === '' && document.messages.length === 0 ? '{}' : document.body;
  const store = useAppStore.getState();
  const tabId = store.openNewTab(tabInputOfDocument({ ...document, kind, body }, method, kind));

  if (found) void ensureMethodDescription(method);
  else {
    const message =
      named.length > 0
        ? `Method ${name} is not in the loaded protos. The command names ${files(named)}${importFailure ? `, which could not be imported (${importFailure})` : ', which do not define it'}. ` +
          'Import them with Import protos, using full paths: paths relative to where grpcurl ran do not resolve here.'
        : `Method ${name} is not in the loaded protos. grpcurl finds it through server reflection: use Import protos › Use server reflection, or import the .proto files that define it.`;
    useAppStore.getState().updateTab(tabId, { error: { code: 'NOT_FOUND', message } });
  }

  const summary = [`Imported ${name} as a new tab.`, ...notes];
  if (!found && named.length > 0) summary.push(`Import ${files(named)} to call it.`);
  else if (!found) summary.push('Its method is not loaded yet: use Import protos (or server reflection) to call it.');
  useAppStore.getState().showNotice(importFailure !== null && !found ? 'error' : 'info', summary.join(' '));
}

function files(paths: string[]): string {
  return paths.map((p) => `"${p}"`).join(', ');
}
