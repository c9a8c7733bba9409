import { performance } from 'node:perf_hooks';
import { Metadata, type Client, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import type { MethodKind } from '../../../shared/catalog';
import { statusCodeName } from '../../../shared/call-events';
import type { LoadEndReason, LoadTestSettings, LoadTestSnapshot } from '../../../shared/load-test';
import { ghzErrorText } from './ghz-report';
import { LatencyRecorder } from './latency-recorder';

/** How often a running load test reports: the live view updates once a second. */
export const PROGRESS_INTERVAL_MS = 1000;

export interface LoadRunPlan {
  loadId: string;
  clients: Client[];
  /** The full gRPC path, e.g. "/demo.v1.DemoService/Echo". */
  path: string;
  kind: MethodKind;
  /** The request, encoded once (unary, server streaming). */
  request: Buffer;
  /** Client and bidi streams: the messages, encoded once, sent in turn. */
  streamMessages: Buffer[];
  metadata: Metadata;
  deadlineMs: number | null;
  settings: LoadTestSettings;
  /** Every second while it runs, and once at the end (running: false). */
  onProgress(snapshot: LoadTestSnapshot): void;
}

/** Something that ends a call in flight: grpc-js call objects all have cancel(). */
interface Cancellable {
  cancel(): void;
}

// Bytes in, bytes out: the request was encoded once, responses are only counted.
const identity = (bytes: Buffer): Buffer => bytes;
const ignore = (): void => {};

/**
 * One load test: `concurrency` workers, each a chain of calls (the next starts when the last
 * ends), spread over the clients round-robin, until the total is reached, the duration has
 * passed or it is stopped. Every ended call is recorded (latency in µs, status); calls still
 * in flight when the duration passes finish and count, calls in flight when it is stopped
 * are cancelled and count as CANCELLED (as ghz counts them).
 */
export class LoadRun {
  readonly recorder = new LatencyRecorder();
  readonly startedAtEpochMs = Date.now();
  private readonly startedAt = performance.now();
  private endedAt: number | null = null;
  private issued = 0;
  /** Request messages sent (one per unary and server-streaming call) and response messages received (a unary OK answer is one). */
  private messagesSent = 0;
  private messagesReceived = 0;
  private inFlight = new Set<Cancellable>();
  private activeWorkers = 0;
  private stopReason: LoadEndReason | null = null;
  private readonly deadlineAt: number | null;
  /** Pauses between messages of a stream. */
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  /** Workers waiting for their turn under the rate limit. */
  private readonly pendingStarts = new Set<ReturnType<typeof setTimeout>>();
  private readonly progressTimer: ReturnType<typeof setInterval>;
  private resolveDone!: () => void;
  /** Settles when the last call has ended and the final snapshot has been sent. */
  readonly done = new Promise<void>((resolve) => (this.resolveDone = resolve));

  constructor(private readonly plan: LoadRunPlan) {
    const { durationS, totalRequests, concurrency } = plan.settings;
    this.deadlineAt = durationS === null ? null : this.startedAt + durationS * 1000;
    this.progressTimer = setInterval(() => plan.onProgress(this.snapshot()), PROGRESS_INTERVAL_MS);
    const workers = Math.max(1, Math.min(concurrency, totalRequests ?? concurrency));
    this.activeWorkers = workers;
    for (let w = 0; w < workers; w++) {
      const client = plan.clients[w % plan.clients.length]!;
      this.next(client);
    }
  }

  get running(): boolean {
    return this.endedAt === null;
  }

  /** Stops starting calls and cancels those in flight; `done` settles once they have ended. */
  stop(reason: LoadEndReason = 'stopped'): void {
    if (this.endedAt !== null) return;
    this.stopReason ??= reason;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    // A worker waiting for its rate turn ends here; its call never started and is not counted.
    for (const timer of this.pendingStarts) {
      clearTimeout(timer);
      this.issued--;
      this.activeWorkers--;
    }
    this.pendingStarts.clear();
    for (const call of [...this.inFlight]) call.cancel();
    this.checkFinished();
  }

  snapshot(): LoadTestSnapshot {
    const elapsedMs = (this.endedAt ?? performance.now()) - this.startedAt;
    const recorded = this.recorder.snapshot();
    return {
      loadId: this.plan.loadId,
      running: this.endedAt === null,
      endReason: this.endedAt === null ? null : this.endReason(),
      elapsedMs,
      requestsPerSecond: elapsedMs > 0 ? recorded.requests / (elapsedMs / 1000) : 0,
      messagesSent: this.messagesSent,
      messagesReceived: this.messagesReceived,
      ...recorded,
    };
  }

  get elapsedMs(): number {
    return (this.endedAt ?? performance.now()) - this.startedAt;
  }

  endReason(): LoadEndReason {
    if (this.stopReason !== null) return this.stopReason;
    return this.deadlineAt !== null && (this.plan.settings.totalRequests === null || this.issued < this.plan.settings.totalRequests) ? 'duration' : 'total';
  }

  /** May this worker start one more call? Counts it when so. */
  private takeSlot(now: number): boolean {
    if (this.stopReason !== null) return false;
    const { totalRequests } = this.plan.settings;
    if (totalRequests !== null && this.issued >= totalRequests) return false;
    if (this.deadlineAt !== null && now >= this.deadlineAt) return false;
    this.issued++;
    return true;
  }

  /** The worker's next call: now, or when the rate allows (call n is due at n / rate s). */
  private next(client: Client): void {
    const now = performance.now();
    if (!this.takeSlot(now)) {
      this.activeWorkers--;
      this.checkFinished();
      return;
    }
    const rate = this.plan.settings.ratePerSecond;
    const dueIn = rate === null ? 0 : this.startedAt + ((this.issued - 1) * 1000) / rate - now;
    if (this.deadlineAt !== null && now + dueIn >= this.deadlineAt) {
      // Its turn comes after the duration: it never starts.
      this.issued--;
      this.activeWorkers--;
      this.checkFinished();
      return;
    }
    if (dueIn <= 1) return this.startCall(client);
    const timer = setTimeout(() => {
      this.pendingStarts.delete(timer);
      this.startCall(client);
    }, dueIn);
    this.pendingStarts.add(timer);
  }

  private later(action: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  private startCall(client: Client): void {
    const { plan } = this;
    const startedAt = performance.now();
    const metadata = plan.metadata.clone();
    const options = plan.deadlineMs === null ? {} : { deadline: Date.now() + plan.deadlineMs };
    let call: Cancellable;
    const end = (code: number, details: string) => {
      this.inFlight.delete(call);
      const status = statusCodeName(code);
      this.recorder.record(performance.timeOrigin + startedAt, (performance.now() - startedAt) * 1000, status, code === 0 ? '' : ghzErrorText(status, details));
      this.next(client);
    };
    if (plan.kind === 'unary' || plan.kind === 'server_streaming') this.messagesSent++;
    switch (plan.kind) {
      case 'unary':
        call = client.makeUnaryRequest(plan.path, identity, identity, plan.request, metadata, options, (error: ServiceError | null) =>
          this.answered(error, end),
        );
        break;
      case 'server_streaming': {
        const stream = client.makeServerStreamRequest(plan.path, identity, identity, plan.request, metadata, options);
        stream.on('data', this.received);
        stream.on('error', ignore);
        stream.on('status', (status: StatusObject) => end(status.code, status.details));
        call = stream;
        break;
      }
      case 'client_streaming': {
        const stream = client.makeClientStreamRequest(plan.path, identity, identity, metadata, options, (error: ServiceError | null) =>
          this.answered(error, end),
        );
        this.writeMessages(stream);
        call = stream;
        break;
      }
      case 'bidi_streaming': {
        const stream = client.makeBidiStreamRequest(plan.path, identity, identity, metadata, options);
        stream.on('data', this.received);
        stream.on('error', ignore);
        stream.on('status', (status: StatusObject) => end(status.code, status.details));
        this.writeMessages(stream);
        call = stream;
        break;
      }
    }
    this.inFlight.add(call);
  }

  private readonly received = (): void => {
    this.messagesReceived++;
  };

  /** A unary or client-stream call's callback: its one answer counts as a received message. */
  private answered(error: ServiceError | null, end: (code: number, details: string) => void): void {
    if (error) return end(error.code, error.details);
    this.messagesReceived++;
    end(0, '');
  }

  /** messagesPerStream messages (the stream's messages in turn), messageIntervalMs apart, then half-close. */
  private writeMessages(stream: { write(message: Buffer): boolean; end(): void; cancel(): void }): void {
    const { messagesPerStream, messageIntervalMs } = this.plan.settings;
    const messages = this.plan.streamMessages;
    let sent = 0;
    const writeNext = () => {
      if (this.stopReason !== null) return;
      while (sent < messagesPerStream && messages.length > 0) {
        stream.write(messages[sent % messages.length]!);
        sent++;
        this.messagesSent++;
        if (messageIntervalMs > 0 && sent < messagesPerStream) return this.later(writeNext, messageIntervalMs);
      }
      stream.end();
    };
    writeNext();
  }

  private checkFinished(): void {
    if (this.endedAt !== null) return;
    // Every worker has a call in flight, waits for its rate turn, or has ended.
    if (this.activeWorkers > 0) return;
    this.endedAt = performance.now();
    clearInterval(this.progressTimer);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.plan.onProgress(this.snapshot());
    this.resolveDone();
  }
}
