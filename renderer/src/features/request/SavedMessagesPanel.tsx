import { savedMessagesSentOf, sendSavedMessages } from '../../services/call-actions';
import { callControls } from '../../services/call-actions';
import { useAppStore } from '../../store/app-store';
import type { RequestTab } from '../../store/request-tab';

function preview(json: string): string {
  const line = json.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line === '' ? '(empty message)' : line;
}

/**
 * The ordered messages a client or bidi stream request saves with it: add the editor's
 * message, reorder or remove them, and send the next one or all that remain on the open stream.
 */
export function SavedMessagesPanel({ tab }: { tab: RequestTab }) {
  const updateTab = useAppStore((s) => s.updateTab);
  const phase = useAppStore((s) => (tab.callId !== null ? (s.calls[tab.callId]?.phase ?? 'open') : null));
  const { streamOpen } = callControls(tab, phase);
  const sent = streamOpen ? savedMessagesSentOf(tab.callId) : 0;
  const setMessages = (messages: string[]) => updateTab(tab.id, { messages });
  const move = (from: number, to: number) => {
    const next = [...tab.messages];
    const [item] = next.splice(from, 1);
    if (item !== undefined) next.splice(to, 0, item);
    setMessages(next);
  };

  return (
    <section className="saved-messages" aria-label="Saved messages">
      <div className="section-header">
        <span className="section-title">Saved messages ({tab.messages.length})</span>
        <div className="toolbar-actions">
          <button type="button" className="btn btn-small" onClick={() => setMessages([...tab.messages, tab.body])} title="Append the editor's message to the saved stream">
            Add editor message
          </button>
          <button type="button" className="btn btn-small" disabled={!streamOpen || sent >= tab.messages.length} onClick={() => void sendSavedMessages(tab.id, 'next')}>
            Send next saved message
          </button>
          <button type="button" className="btn btn-small" disabled={!streamOpen || sent >= tab.messages.length} onClick={() => void sendSavedMessages(tab.id, 'all')}>
            Send all saved messages
          </button>
        </div>
      </div>
      {tab.messages.length === 0 ? (
        <p className="field-hint">Save the messages this stream sends, in order: write one in the editor, then Add editor message.</p>
      ) : (
        <ol className="saved-message-list">
          {tab.messages.map((message, index) => (
            <li key={index} className={index < sent ? 'sent' : undefined} aria-label={`Saved message ${index + 1}`}>
              <span className="mono saved-message-text" title={message}>{preview(message)}</span>
              {index < sent ? <span className="tag">sent</span> : null}
              <button type="button" className="icon-btn" aria-label={`Load saved message ${index + 1} into the editor`} onClick={() => updateTab(tab.id, { body: message })}>⤒</button>
              <button type="button" className="icon-btn" aria-label={`Move saved message ${index + 1} up`} disabled={index === 0} onClick={() => move(index, index - 1)}>↑</button>
              <button type="button" className="icon-btn" aria-label={`Remove saved message ${index + 1}`} onClick={() => setMessages(tab.messages.filter((_, i) => i !== index))}>×</button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
