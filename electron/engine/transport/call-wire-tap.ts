import type { ClientHttp2Session, ClientHttp2Stream, IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http2';
import { Metadata } from '@grpc/grpc-js';
import { GrpcFrameReader, type WireFrame } from './grpc-frame-reader';
import { addSessionTapListener } from './http2-session-tap';

/**
 * What one call looked like on the wire: the grpc-encoding of its request and of its response
 * (grpc-js strips grpc-encoding from the Metadata it hands over), and each received message's
 * compressed flag and wire size (grpc-js hands the deserializer the decompressed bytes only).
 *
 * How a stream is matched to its call: the call's metadata carries a private marker header with
 * a token (WIRE_TAP_HEADER). grpc-js turns metadata into the HTTP/2 request headers and calls
 * `session.request(headers)`; the session tap (http2-session-tap.ts) wraps `request` on every
 * client session, takes the marker OUT of the headers before the request is made (so it never
 * reaches the wire) and ties the returned stream to the token's CallWireTap.
 *
 * Attempts (service config retryPolicy / hedgingPolicy): grpc-js's RetryingCall starts each
 * attempt as its own child call with a clone of the call's metadata (retrying-call.js
 * startNewAttempt: `initialMetadata.clone()` plus grpc-previous-rpc-attempts), so every
 * attempt's request carries the marker and is its own HTTP/2 stream through `session.request`.
 * Each stream is recorded as one attempt: when it was opened, the grpc-status of its own
 * response (trailers, or a trailers-only response's headers) and when it closed. Received
 * frames follow the newest stream (the one grpc-js commits to after a retry).
 *
 * How a frame is matched to its message index: the tap wraps the stream's `emit`, so it reads
 * each DATA chunk before grpc-js's own 'data' handler, and GrpcFrameReader reads the 5-byte
 * prefixes in stream order. grpc-js decodes the same frames in the same order and calls the
 * call's deserializer once per frame, after (asynchronous) decompression. So when the
 * deserializer runs for message n, frame n has been read: `takeReceivedFrame()` hands the
 * oldest unconsumed frame.
 *
 * Sent frames: the tap wraps the stream's `write`, and grpc-js writes each message as one framed
 * chunk after (asynchronous) compression, in the order the messages were written. Each stream
 * counts its own frames; frame n of any stream is message n, because a retry or a hedge replays
 * the call's buffered messages from the first. A message's frame is the first one written for it
 * by any attempt (`onSentFrame` hears each message once, in order); the replays of later attempts
 * carry the same bytes with the same encoding and are not reported again.
 */
export const WIRE_TAP_HEADER = 'x-grpc-workbench-wire-tap';

export interface CallWireTap {
  /** The call's metadata plus the marker; give this one to grpc-js. */
  readonly metadata: Metadata;
  /** The grpc-encoding grpc-js put on the request stream; 'identity' when it sent none; null before the stream. */
  requestEncoding(): string | null;
  /** The grpc-encoding of the response headers; 'identity' when absent; null before headers. */
  responseEncoding(): string | null;
  /** Sent messages grpc-js wrote with the compressed flag set, and all it wrote (each message once, however many attempts wrote it). */
  sentFrames(): { compressed: number; total: number };
  /** Hear each sent message's frame once, when the first attempt wrote it; index = the message's 0-based index. */
  onSentFrame(listener: (index: number, frame: WireFrame) => void): void;
  /** The next received message's frame, in order; undefined when the tap did not see it. */
  takeReceivedFrame(): WireFrame | undefined;
  /** Every HTTP/2 stream (attempt) the call opened, in order; times are performance.now(). */
  attempts(): readonly WireAttempt[];
  /** Forget the call (its token no longer matches a stream). */
  release(): void;
}

export interface WireAttempt {
  startedAt: number;
  /** When its stream closed; null while open. */
  endedAt: number | null;
  /** The grpc-status its response carried; null when none came (reset, cancelled hedge). */
  code: number | null;
}

interface TapState {
  attempts: WireAttempt[];
  requestEncoding: string | null;
  responseEncoding: string | null;
  received: WireFrame[];
  /** Sent messages whose frame some stream wrote (the next new frame is message `sentCount`). */
  sentCount: number;
  sentCompressed: number;
  onSentFrame: ((index: number, frame: WireFrame) => void) | null;
  /** Bumped per stream so a replaced (retried) stream's late chunks are ignored. */
  attempt: number;
}

const open = new Map<string, TapState>();
let nextToken = 1;

type RequestFn = (headers?: OutgoingHttpHeaders, ...rest: unknown[]) => ClientHttp2Stream;
type EmitFn = (event: string | symbol, ...args: unknown[]) => boolean;
type WriteFn = (chunk: unknown, ...rest: unknown[]) => boolean;

function encodingOf(value: string | string[] | number | undefined): string {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first !== '' ? first : 'identity';
}

function attach(state: TapState, stream: ClientHttp2Stream): void {
  state.attempt += 1;
  const attempt = state.attempt;
  const record: WireAttempt = { startedAt: performance.now(), endedAt: null, code: null };
  state.attempts.push(record);
  const noteStatus = (headers: IncomingHttpHeaders): void => {
    const status = headers['grpc-status'];
    if (typeof status === 'string' && /^\d+$/.test(status)) record.code = Number(status);
  };
  state.received = [];
  state.responseEncoding = null;
  const current = (): boolean => state.attempt === attempt;
  const received = new GrpcFrameReader((frame) => {
    if (current()) state.received.push(frame);
  });
  let framesWritten = 0;
  const sent = new GrpcFrameReader((frame) => {
    const index = framesWritten;
    framesWritten += 1;
    // An attempt replaying messages another attempt already wrote adds nothing new.
    if (index !== state.sentCount) return;
    state.sentCount += 1;
    if (frame.compressed) state.sentCompressed += 1;
    try {
      state.onSentFrame?.(index, frame);
    } catch {
      // An observer must never break the call it observes.
    }
  });
  const target = stream as unknown as { emit: EmitFn; write: WriteFn };
  const originalEmit = target.emit;
  target.emit = function tappedEmit(this: unknown, event: string | symbol, ...args: unknown[]): boolean {
    try {
      if (event === 'response') {
        noteStatus(args[0] as IncomingHttpHeaders);
        if (current()) state.responseEncoding = encodingOf((args[0] as IncomingHttpHeaders)['grpc-encoding']);
      } else if (event === 'trailers') noteStatus(args[0] as IncomingHttpHeaders);
      else if (event === 'close') record.endedAt ??= performance.now();
      else if (event === 'data' && args[0] instanceof Uint8Array) received.push(args[0]);
    } catch {
      // An observer must never break the call it observes.
    }
    return originalEmit.call(this, event, ...args);
  };
  const originalWrite = target.write;
  target.write = function tappedWrite(this: unknown, chunk: unknown, ...rest: unknown[]): boolean {
    if (chunk instanceof Uint8Array) sent.push(chunk);
    return originalWrite.call(this, chunk, ...rest);
  };
}

function wrapRequest(session: ClientHttp2Session): void {
  const target = session as unknown as { request: RequestFn };
  const originalRequest = target.request;
  target.request = function tappedRequest(this: unknown, headers?: OutgoingHttpHeaders, ...rest: unknown[]): ClientHttp2Stream {
    const token = headers?.[WIRE_TAP_HEADER];
    if (headers === undefined || token === undefined) return originalRequest.call(this, headers, ...rest);
    const { [WIRE_TAP_HEADER]: _marker, ...sentHeaders } = headers;
    const stream = originalRequest.call(this, sentHeaders, ...rest);
    const state = open.get(String(token));
    if (state) {
      state.requestEncoding = encodingOf(sentHeaders['grpc-encoding'] as string | string[] | undefined);
      attach(state, stream);
    }
    return stream;
  };
}

/*
 * Installed when the engine loads this module (call-session.ts imports it), before any channel
 * exists: every client session is then created wrapped, so the marker header never reaches a
 * server. It lasts for the life of the process, like the channels.
 */
addSessionTapListener({ onSessionStarted: wrapRequest });

/** Start observing one call; use the returned metadata for it and release the tap when it ends. */
export function openCallWireTap(metadata: Metadata): CallWireTap {
  const token = String(nextToken++);
  const state: TapState = { attempts: [], requestEncoding: null, responseEncoding: null, received: [], sentCount: 0, sentCompressed: 0, onSentFrame: null, attempt: 0 };
  open.set(token, state);
  const marked = metadata.clone();
  marked.set(WIRE_TAP_HEADER, token);
  return {
    metadata: marked,
    requestEncoding: () => state.requestEncoding,
    responseEncoding: () => state.responseEncoding,
    sentFrames: () => ({ compressed: state.sentCompressed, total: state.sentCount }),
    onSentFrame: (listener) => {
      state.onSentFrame = listener;
    },
    takeReceivedFrame: () => state.received.shift(),
    attempts: () => state.attempts,
    release: () => {
      open.delete(token);
    },
  };
}
