import { Icon } from '../../components/Icon';
import { sendsClientStream } from '../../lib/method-kind';
import { callControls, cancelTabCall, endTabStream, invokeTab, sendTabMessage } from '../../services/call-actions';
import { useAppStore } from '../../store/app-store';
import type { RequestTab } from '../../store/request-tab';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const primaryShortcut = isMac ? '⌘↵' : 'Ctrl+Enter';

/** Invoke, and for client/bidi streams Send message and End stream; Cancel while running. */
export function CallButtons({ tab }: { tab: RequestTab }) {
  const phase = useAppStore((s) => (tab.callId !== null ? (s.calls[tab.callId]?.phase ?? 'open') : null));
  const controls = callControls(tab, phase);
  const streaming = sendsClientStream(tab.kind);

  return (
    <div className="call-buttons" role="group" aria-label="Call">
      <button
        type="button"
        className="btn btn-primary"
        disabled={!controls.canInvoke}
        onClick={() => void invokeTab(tab.id)}
        title={streaming ? `Open the stream (${primaryShortcut}); then send messages one by one` : `Send the request (${primaryShortcut})`}
        aria-keyshortcuts={isMac ? 'Meta+Enter' : 'Control+Enter'}
      >
        <Icon name="play" />
        Invoke
      </button>
      {streaming ? (
        <>
          <button
            type="button"
            className="btn btn-accent-outline"
            disabled={!controls.streamOpen}
            onClick={() => void sendTabMessage(tab.id)}
            title={`Send the editor's JSON as the next message (${primaryShortcut})`}
          >
            <Icon name="send" />
            Send message
          </button>
          <button type="button" className="btn" disabled={!controls.streamOpen} onClick={() => void endTabStream(tab.id)} title="Half-close: no more messages from this side">
            End stream
          </button>
        </>
      ) : null}
      <button type="button" className="btn btn-danger-outline" disabled={!controls.running || tab.callId === null} onClick={() => void cancelTabCall(tab.id)} title="Cancel the call (status CANCELLED)">
        <Icon name="stop" />
        Cancel
      </button>
    </div>
  );
}
