import { useEffect, useState } from 'react';
import type { MetadataEntry } from '../../../../shared/metadata';
import { redactSecrets, REDACTED } from '../../../../shared/redaction';
import { TRACEPARENT_KEY, userTraceparent } from '../../../../shared/trace-context';
import { FormDialog } from '../../components/FormDialog';
import { resolveTab } from '../../services/request-resolution';
import { useAppStore } from '../../store/app-store';

/** The engine adds the traceparent per call (new ids each time), so the preview shows its shape, not an id. */
const TRACEPARENT_SHAPE = '00-<new trace id for each call>-<new parent id>-01';

function previewMetadata(metadata: MetadataEntry[], sendTraceContext: boolean): MetadataEntry[] {
  if (!sendTraceContext || userTraceparent(metadata) !== null) return metadata;
  return [...metadata, { key: TRACEPARENT_KEY, value: TRACEPARENT_SHAPE }];
}

const close = () => useAppStore.getState().setWorkspaceDialog(null);

/** The request as it would be sent now: variables resolved, secret values masked. */
export function PreviewRequestDialog({ tabId }: { tabId: string }) {
  const tab = useAppStore((s) => s.tabs.find((t) => t.id === tabId));
  const [text, setText] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (!tab) return;
    void resolveTab(tab).then((resolved) => {
      if (!resolved.ok) setText({ ok: false, text: resolved.message });
      else {
        const { document, secrets } = resolved.value;
        const shown = redactSecrets(document, secrets);
        setText({ ok: true, text: JSON.stringify({ method: `${shown.method.service}/${shown.method.method}`, target: shown.connection.target, tls: shown.connection.tls, metadata: previewMetadata(shown.metadata, shown.connection.sendTraceContext === true), ...(shown.connection.waitForReady === true ? { waitForReady: true } : {}), deadline: shown.deadline, auth: shown.auth, body: shown.body, messages: shown.messages }, null, 2) });
      }
    });
  }, [tab]);
  return (
    <FormDialog label="Resolved request" submitLabel="Close" onClose={close} onSubmit={() => Promise.resolve((close(), null))}>
      {text === null ? <p>Resolving…</p> : text.ok ? (
        <>
          <p className="field-hint">Dynamic values ({'{{$uuid}}'}, timestamps) get new values when the call is sent. Secrets show as {REDACTED}.</p>
          <pre className="mono resolved-preview" aria-label="Resolved request text">{text.text}</pre>
        </>
      ) : (
        <div role="alert" className="alert alert-error">
          <div className="alert-body">
            <p className="alert-message">{text.text}</p>
          </div>
        </div>
      )}
    </FormDialog>
  );
}
