import type { JsonPathComparison, MessageSelector, RequestCheck, VariableCapture } from '../../../shared/checks';
import { parseJsonPath } from '../../../shared/json-path';

/**
 * How the Checks view edits a request's checks and captures: the kinds offered in its
 * combobox, a new check of each kind, the expected value as text, and what must be fixed
 * before the request can be saved. Pure, so it is tested without a page.
 */

/** The entries of the `Check kind` combobox. A JSON path check covers equals / contains / matches / exists / absent. */
export const CHECK_KINDS = [
  { id: 'status', label: 'Status code' },
  { id: 'message', label: 'JSON path' },
  { id: 'header', label: 'Header' },
  { id: 'trailer', label: 'Trailer' },
  { id: 'messageCount', label: 'Message count' },
  { id: 'duration', label: 'Duration' },
] as const satisfies readonly { id: RequestCheck['kind']; label: string }[];

export const COMPARISONS = [
  { id: 'equals', label: 'equals' },
  { id: 'contains', label: 'contains' },
  { id: 'matches', label: 'matches regex' },
  { id: 'exists', label: 'exists' },
  { id: 'absent', label: 'is absent' },
] as const satisfies readonly { id: JsonPathComparison['op']; label: string }[];

export const COUNT_COMPARISONS = [
  { id: 'equals', label: 'is' },
  { id: 'atLeast', label: 'is at least' },
  { id: 'atMost', label: 'is at most' },
] as const;

/** The check a kind starts as: valid as it is, so a request can be saved right after `Add check`. */
export function newCheck(kind: RequestCheck['kind']): RequestCheck {
  switch (kind) {
    case 'status':
      return { kind: 'status', code: 'OK' };
    case 'message':
      return { kind: 'message', message: { kind: 'nth', index: 0 }, path: '$', op: 'exists' };
    case 'header':
    case 'trailer':
      return { kind, key: '' };
    case 'messageCount':
      return { kind: 'messageCount', op: 'equals', count: 1 };
    case 'duration':
      return { kind: 'duration', underMs: 1000 };
  }
}

type MessageCheck = Extract<RequestCheck, { kind: 'message' }>;

/** A JSON path check with another comparison, keeping its path and which messages it reads. */
export function withComparison(check: MessageCheck, op: JsonPathComparison['op'], previousText: string): MessageCheck {
  const base = { kind: 'message' as const, message: check.message, path: check.path };
  switch (op) {
    case 'equals':
      return { ...base, op, value: parseExpectedValue(previousText) };
    case 'contains':
      return { ...base, op, value: previousText };
    case 'matches':
      return { ...base, op, pattern: previousText };
    case 'exists':
    case 'absent':
      return { ...base, op };
  }
}

/** The text a message check compares with, as its field shows it. */
export function comparisonText(check: MessageCheck): string {
  if (check.op === 'equals') return expectedValueText(check.value);
  if (check.op === 'contains') return check.value;
  if (check.op === 'matches') return check.pattern;
  return '';
}

/**
 * What a user types as an expected value: JSON when it is JSON (`10`, `true`, `{"a":1}`,
 * `"10"` for the string), otherwise the text itself as a string (`hello`).
 */
export function parseExpectedValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The inverse of parseExpectedValue: a string that would read as other JSON is shown quoted. */
export function expectedValueText(value: unknown): string {
  if (typeof value === 'string') return parseExpectedValue(value) === value ? value : JSON.stringify(value);
  return JSON.stringify(value ?? null);
}

/** The `Which message` combobox: every message, the last, or the nth (1-based in the field). */
export type MessageChoice = 'every' | 'nth' | 'last';

export function messageChoiceOf(selector: MessageSelector): MessageChoice {
  if (selector.kind === 'every') return 'every';
  return selector.index === -1 ? 'last' : 'nth';
}

export function selectorOf(choice: MessageChoice, number: number): MessageSelector {
  if (choice === 'every') return { kind: 'every' };
  if (choice === 'last') return { kind: 'nth', index: -1 };
  return { kind: 'nth', index: Math.max(0, number - 1) };
}

/** A whole number typed in a field, or null when it is not one (the field then says so and the check keeps its last good value). */
export function wholeNumber(text: string, min: number): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return Number.isSafeInteger(n) && n >= min ? n : null;
}

/** What to fix in one check before it can be saved, or null. */
export function checkProblem(check: RequestCheck): string | null {
  switch (check.kind) {
    case 'message': {
      if (check.path.trim() === '') return 'Enter a JSON path, e.g. $.id';
      const path = parseJsonPath(check.path);
      if (!path.ok) return path.message;
      if (check.op === 'matches') {
        try {
          new RegExp(check.pattern);
        } catch (error) {
          return `/${check.pattern}/ is not a valid regular expression: ${(error as Error).message}`;
        }
      }
      return null;
    }
    case 'header':
    case 'trailer':
      return check.key.trim() === '' ? `Enter the ${check.kind} name to look for.` : null;
    default:
      return null;
  }
}

/** What to fix in one capture, or null. */
export function captureProblem(capture: VariableCapture): string | null {
  if (capture.variable.trim() === '') return 'Enter the variable to set.';
  if (!/^[\w-][\w.-]*$/.test(capture.variable.trim())) return 'Variable names may use letters, digits, "_", "-" and "." only.';
  if (capture.from === 'message') {
    const path = parseJsonPath(capture.path);
    return path.ok ? null : path.message;
  }
  return capture.name.trim() === '' ? `Enter the ${capture.from} name to read.` : null;
}

/** Why the request's checks and captures cannot be saved as they are (the first problem, naming the check), or null. */
export function checksSaveProblem(checks: readonly RequestCheck[] | undefined, captures: readonly VariableCapture[] | undefined): string | null {
  for (const [i, check] of (checks ?? []).entries()) {
    const problem = checkProblem(check);
    if (problem !== null) return `Check ${i + 1}: ${problem} (Checks view).`;
  }
  for (const [i, capture] of (captures ?? []).entries()) {
    const problem = captureProblem(capture);
    if (problem !== null) return `Capture ${i + 1}: ${problem} (Checks view).`;
  }
  return null;
}
