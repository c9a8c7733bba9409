import type { RequestDocument } from '../../shared/request-document';

/** How one run call ended, as the checks see it. */
export interface CallOutcome {
  /** Status code name, e.g. "OK", "NOT_FOUND"; null when the call never started. */
  status: string | null;
  statusDetails: string;
  headers: Record<string, string[]>;
  trailers: Record<string, string[]>;
  /** Received messages as canonical JSON text, in order. */
  received: string[];
  durationMs: number;
  /** Why the call could not be made at all (unresolved variable, method not found ...). */
  error: string | null;
}

export interface RequestVerdict {
  passed: boolean;
  /** One line per failed expectation, empty when passed. */
  failures: string[];
}

/**
 * Whether a request passed. Today: its call must end OK. The checks saved with a request
 * (electron/engine/checks) plug in here; this is the one place that decides.
 */
export function judgeRequest(_request: RequestDocument, outcome: CallOutcome): RequestVerdict {
  if (outcome.error !== null) return { passed: false, failures: [outcome.error] };
  if (outcome.status !== 'OK') {
    const details = outcome.statusDetails === '' ? '' : `: ${outcome.statusDetails}`;
    return { passed: false, failures: [`Expected status OK, got ${outcome.status ?? 'no status'}${details}`] };
  }
  return { passed: true, failures: [] };
}
