// Sends event batches to one page without letting a slow page grow our memory without bound.
// While the socket's own buffer is above the high-water mark, batches wait in a queue; when
// the queue itself is full, further batches are dropped with a logged warning. The page sees
// the gap in EventBatch.seq, which is how the contract makes lost batches detectable.
import type { EventBatch } from '../../shared/contract';

/** The slice of a ws WebSocket this needs. */
export interface EventSocket {
  readonly bufferedAmount: number;
  send(data: string, callback: (error?: Error) => void): void;
}

export interface EventSenderLimits {
  /** Stop writing to the socket while it holds more than this many bytes. */
  socketHighWaterBytes: number;
  /** Drop batches once this many bytes of them are waiting. */
  maxQueuedBytes: number;
}

export const DEFAULT_EVENT_SENDER_LIMITS: EventSenderLimits = {
  socketHighWaterBytes: 8 * 1024 * 1024,
  maxQueuedBytes: 64 * 1024 * 1024,
};

export interface EventSender {
  send(batch: EventBatch): void;
  /** Forget everything queued (the socket closed). */
  stop(): void;
}

export function createEventSender(socket: EventSocket, warn: (message: string) => void, limits: EventSenderLimits = DEFAULT_EVENT_SENDER_LIMITS): EventSender {
  const queue: string[] = [];
  let queuedBytes = 0;
  let stopped = false;
  let dropped: { count: number; firstSeq: number; lastSeq: number } | null = null;

  const pump = (): void => {
    while (!stopped && queue.length > 0 && socket.bufferedAmount < limits.socketHighWaterBytes) {
      const text = queue.shift() as string;
      queuedBytes -= text.length;
      // The callback fires once the frame reached the kernel: the moment to send more.
      socket.send(text, (error) => {
        if (!error) pump();
      });
    }
    if (dropped !== null && queuedBytes === 0) {
      warn(`The page was too slow to read events: dropped ${dropped.count} event batch(es), seq ${dropped.firstSeq}..${dropped.lastSeq}. Sending resumed.`);
      dropped = null;
    }
  };

  return {
    send(batch) {
      if (stopped) return;
      let text: string;
      try {
        text = JSON.stringify({ type: 'events', batch });
      } catch (cause) {
        warn(`Event batch ${batch.seq} could not be serialized and was dropped: ${cause instanceof Error ? cause.message : String(cause)}.`);
        return;
      }
      if (queuedBytes + text.length > limits.maxQueuedBytes && queue.length > 0) {
        if (dropped === null) {
          dropped = { count: 0, firstSeq: batch.seq, lastSeq: batch.seq };
          warn(`The page is not keeping up with events: dropping batches from seq ${batch.seq} until it catches up.`);
        }
        dropped.count += 1;
        dropped.lastSeq = batch.seq;
        return;
      }
      queue.push(text);
      queuedBytes += text.length;
      pump();
    },
    stop() {
      stopped = true;
      queue.length = 0;
      queuedBytes = 0;
    },
  };
}
