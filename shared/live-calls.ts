// What calls:list answers: every call the engine is running, whichever page started it, so a
// user can see (and cancel) a stream left behind by a closed or reloaded tab.
import type { MethodKind } from './catalog';
import type { CallId } from './ids';

export interface LiveCall {
  callId: CallId;
  /** Fully-qualified method name, e.g. "demo.v1.DemoService.CountUp". */
  method: string;
  kind: MethodKind;
  /** The target as the engine dialled it. */
  target: string;
  /** Wall-clock start (ms since the epoch). */
  startedAt: number;
  /** How long it has run when the engine answered. */
  runningMs: number;
  messagesSent: number;
  messagesReceived: number;
  /** True when the page that asked started this call. */
  ownedByCaller: boolean;
  /**
   * True when the page that started it is gone (tab closed or reloaded, window closed) and the
   * engine will cancel the call once the reconnect grace period is over.
   */
  ownerGone: boolean;
}
