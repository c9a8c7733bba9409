import { describe, expect, it } from 'vitest';
import type { EventBatch } from '../../shared/contract';
import { createEventSender, type EventSocket } from './event-sender';

/** A socket whose buffer we fill and drain by hand. */
function fakeSocket() {
  const sent: string[] = [];
  const callbacks: ((error?: Error) => void)[] = [];
  const socket: EventSocket & { bufferedAmount: number } = {
    bufferedAmount: 0,
    send(data, callback) {
      sent.push(data);
      socket.bufferedAmount += data.length;
      callbacks.push(callback);
    },
  };
  const drain = () => {
    socket.bufferedAmount = 0;
    for (const callback of callbacks.splice(0)) callback();
  };
  return { socket, sent, drain };
}

const batch = (seq: number): EventBatch => ({ seq, events: [{ kind: 'demo', running: true, address: `127.0.0.1:${seq}` }] });
const seqs = (sent: string[]) => sent.map((text) => (JSON.parse(text) as { batch: EventBatch }).batch.seq);

describe('createEventSender', () => {
  it('sends batches straight through while the socket keeps up', () => {
    const { socket, sent, drain } = fakeSocket();
    const sender = createEventSender(socket, () => undefined, { socketHighWaterBytes: 1_000, maxQueuedBytes: 1_000 });
    for (let seq = 1; seq <= 3; seq += 1) {
      sender.send(batch(seq));
      drain();
    }
    expect(seqs(sent)).toEqual([1, 2, 3]);
  });

  it('queues while the socket is full, drops beyond the queue limit with a warning, and resumes in order', () => {
    const { socket, sent, drain } = fakeSocket();
    const warnings: string[] = [];
    const size = JSON.stringify({ type: 'events', batch: batch(10) }).length;
    // The socket takes one batch before it is "full"; the queue holds three more.
    const sender = createEventSender(socket, (m) => warnings.push(m), { socketHighWaterBytes: size, maxQueuedBytes: size * 3 });
    for (let seq = 10; seq < 20; seq += 1) sender.send(batch(seq));
    expect(seqs(sent)).toEqual([10]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('dropping batches from seq 14');
    // Each drain lets one more batch out; memory never held more than the queue limit.
    for (let i = 0; i < 5; i += 1) drain();
    expect(seqs(sent)).toEqual([10, 11, 12, 13]);
    expect(warnings[1]).toContain('dropped 6 event batch(es), seq 14..19');
    sender.send(batch(20));
    drain();
    expect(seqs(sent)).toEqual([10, 11, 12, 13, 20]);
  });

  it('forgets queued batches once stopped', () => {
    const { socket, sent, drain } = fakeSocket();
    const sender = createEventSender(socket, () => undefined, { socketHighWaterBytes: 1, maxQueuedBytes: 10_000 });
    sender.send(batch(1));
    sender.send(batch(2));
    sender.stop();
    drain();
    sender.send(batch(3));
    expect(seqs(sent)).toEqual([1]);
  });
});
