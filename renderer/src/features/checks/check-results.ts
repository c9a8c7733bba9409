import type { CheckResult, RequestCheck } from '../../../../shared/checks';
import { evaluateChecks } from '../../../../shared/evaluate-checks';
import type { TabCallOutcome } from '../../store/check-outcome-store';

/**
 * The tab's checks (as edited now) judged against its last ended call, with the one evaluator
 * the command-line runner uses. Message checks are not judged when the page no longer holds
 * every received message.
 */
export function checkResultsOf(checks: readonly RequestCheck[] | undefined, taken: TabCallOutcome | undefined): CheckResult[] | null {
  if (taken === undefined || checks === undefined || checks.length === 0) return null;
  const results = evaluateChecks(checks, taken.outcome);
  const incomplete = taken.messagesIncomplete;
  if (incomplete === null) return results;
  return results.map((result, i) => (checks[i]?.kind === 'message' ? { ...result, passed: false, detail: `not judged: ${incomplete}` } : result));
}

/** "2/3 passed", for the Checks tab's badge. */
export function resultsBadge(results: readonly CheckResult[]): string {
  return `${results.filter((r) => r.passed).length}/${results.length} passed`;
}
