/**
 * The demo messages as proto-loader hands them to the handlers (keepCase, longs as
 * strings, defaults off: an unset field is undefined). Only what the handlers touch.
 */
export interface TimestampObject {
  seconds: string;
  nanos: number;
}

export interface EchoRequest { message?: string }
export interface EchoResponse { message: string; received_at: TimestampObject }

export interface CountUpRequest { count?: number; interval_ms?: number; payload_bytes?: number }
export interface CountUpResponse { index: number; sent_at: TimestampObject; payload: Buffer }

export interface SumRequest { value?: string }
export interface SumResponse { total: string; count: number }

export interface ChatMessage { user?: string; text?: string; at?: TimestampObject }

export interface FailRequest { code?: number; message?: string; with_details?: boolean }
export type Empty = Record<string, never>;

export interface SlowRequest { delay_ms?: number }
export interface SlowResponse { waited_ms: number }

export interface LargeRequest { size_bytes?: number }
export interface LargeResponse { payload: Buffer }

export function timestampNow(): TimestampObject {
  const ms = Date.now();
  return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 };
}
