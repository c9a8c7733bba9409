import { useState } from 'react';
import type { StreamMessage } from '../../../../shared/call-events';
import type { CallId } from '../../../../shared/ids';
import { downloadText } from '../../lib/download-text';
import { formatCount } from '../../lib/format';
import { fetchFullMessage, messageFileName } from '../../services/full-message';
import { useAppStore } from '../../store/app-store';
import { EXPANDED_CHARS } from './message-text';

/**
 * Under an expanded preview row (a big message that crossed cut short): how much the preview
 * shows, and the whole message on demand, to read (as far as the expanded view goes), copy or
 * save exactly as the engine decoded it.
 */
export function FullMessage({ callId, message }: { callId: CallId; message: StreamMessage }) {
  const showNotice = useAppStore((s) => s.showNotice);
  const [full, setFull] = useState<StreamMessage | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const preview = message.preview;
  if (preview === undefined) return null;

  const load = async (): Promise<StreamMessage | null> => {
    if (full !== null) return full;
    setBusy(true);
    const result = await fetchFullMessage(callId, preview);
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return null;
    }
    setError(null);
    setFull(result.value);
    return result.value;
  };
  const copy = async () => {
    const whole = await load();
    if (whole === null) return;
    try {
      await navigator.clipboard.writeText(whole.json);
      showNotice('info', `Message copied to the clipboard (${formatCount(whole.json.length)} characters of JSON).`);
    } catch {
      showNotice('error', 'The clipboard refused the message (the page must have focus). Use Save message instead.');
    }
  };
  const save = async () => {
    const whole = await load();
    if (whole === null) return;
    downloadText(messageFileName(whole), whole.json, 'application/json');
  };

  const shown = full === null ? null : full.json.length > EXPANDED_CHARS ? `${full.json.slice(0, EXPANDED_CHARS)}\n… (cut here: copy or save the message to get all of it)` : full.json;
  return (
    <section className="full-message" aria-label="Full message">
      <p className="full-message-note">
        {full === null
          ? `Preview: the first ${formatCount(message.json.length)} of ${formatCount(preview.jsonChars)} characters of JSON.`
          : `Full message: ${formatCount(full.json.length)} characters of JSON.`}
      </p>
      <div className="full-message-actions">
        {full === null ? (
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => void load()}>
            Load full message
          </button>
        ) : null}
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => void copy()}>
          Copy message
        </button>
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => void save()}>
          Save message
        </button>
      </div>
      {error !== null ? (
        <p className="full-message-error" role="alert">
          {error}
        </p>
      ) : null}
      {shown !== null ? (
        <pre className="message-json pretty full-message-json" aria-label="Full message JSON">
          {shown}
        </pre>
      ) : null}
    </section>
  );
}
