import type { CaptureResult, CallOutcome as CheckedOutcome } from '../../shared/checks';
import type { RequestDocument } from '../../shared/request-document';
import { evaluateChecks } from '../../shared/evaluate-checks';
import type { SnapshotOutcome } from './snapshot-outcome';

/** How one run call ended, as the checks see it. */
export interface CallOutcome {
  /** The engine's id of the call, to read its messages again (snapshots); null when it never started. */
  callId: string | null;
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
 * Whether a request passed: the call must have been made, every check saved with the request
 * must pass (shared/evaluate-checks.ts), without a status check its status must be OK, every
 * capture it asked for must have found its value (a later request depends on it), and its
 * received messages must match its snapshot when it has one. This is the one place that decides.
 */
export function judgeRequest(
  request: RequestDocument,
  outcome: CallOutcome,
  { captures = [], snapshot = { kind: 'none' } }: { captures?: readonly CaptureResult[]; snapshot?: SnapshotOutcome } = {},
): RequestVerdict {
  if (outcome.error !== null) return { passed: false, failures: [outcome.error] };
  const checks = request.checks ?? [];
  const failures: string[] = [];
  if (outcome.status !== 'OK' && !checks.some((check) => check.kind === 'status')) {
    const details = outcome.statusDetails === '' ? '' : `: ${outcome.statusDetails}`;
    failures.push(`Expected status OK, got ${outcome.status ?? 'no status'}${details}`);
  }
  for (const result of evaluateChecks(checks, checkedOutcome(outcome))) {
    if (!result.passed) failures.push(`Check failed: ${result.label} (${result.detail})`);
  }
  for (const capture of captures) if (!capture.ok) failures.push(`Capture failed: ${capture.message}`);
  if (snapshot.kind === 'error') failures.push(`Snapshot: ${snapshot.message}`);
  else if (snapshot.kind === 'compared' && !snapshot.comparison.matches) failures.push(`Snapshot ${snapshot.path} differs: ${snapshot.comparison.message}`);
  return { passed: failures.length === 0, failures };
}

const entries = (metadata: Record<string, string[]>) => Object.entries(metadata).flatMap(([key, values]) => values.map((value) => ({ key, value })));

function parsedMessage(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The call as checks and captures see it (messages parsed back to JSON values). */
export function checkedOutcome(outcome: CallOutcome): CheckedOutcome {
  return {
    statusCode: outcome.status ?? 'UNKNOWN',
    statusMessage: outcome.statusDetails,
    headers: entries(outcome.headers),
    trailers: entries(outcome.trailers),
    messages: outcome.received.map(parsedMessage),
    durationMs: outcome.durationMs,
  };
}
