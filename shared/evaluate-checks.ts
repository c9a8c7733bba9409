import type { CallOutcome, CheckResult, MessageSelector, RequestCheck } from './checks';
import { lookupJsonPath, parseJsonPath } from './json-path';

/**
 * The one evaluator of a saved request's checks, for the headless runner (and the app). Pure:
 * a finished call's outcome in, one result per check out, each failure naming what was seen.
 */
export function evaluateChecks(checks: readonly RequestCheck[], outcome: CallOutcome): CheckResult[] {
  return checks.map((check, index) => ({ index, label: checkLabel(check), ...judge(check, outcome) }));
}

type Judgement = { passed: boolean; detail: string };

const shown = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));

function selectorLabel(selector: MessageSelector): string {
  if (selector.kind === 'every') return 'every message';
  return selector.index === -1 ? 'the last message' : `message ${selector.index + 1}`;
}

export function checkLabel(check: RequestCheck): string {
  switch (check.kind) {
    case 'status':
      return `status is ${check.code}`;
    case 'message': {
      const what = `${selectorLabel(check.message)}: ${check.path}`;
      if (check.op === 'equals') return `${what} equals ${shown(check.value ?? null)}`;
      if (check.op === 'contains') return `${what} contains ${JSON.stringify(check.value)}`;
      if (check.op === 'matches') return `${what} matches /${check.pattern}/`;
      return `${what} ${check.op === 'exists' ? 'exists' : 'is absent'}`;
    }
    case 'header':
    case 'trailer':
      return check.equals === undefined ? `${check.kind} ${check.key} is present` : `${check.kind} ${check.key} equals ${JSON.stringify(check.equals)}`;
    case 'messageCount':
      return `message count ${check.op === 'equals' ? 'is' : check.op === 'atLeast' ? 'is at least' : 'is at most'} ${check.count}`;
    case 'duration':
      return `duration under ${check.underMs} ms`;
  }
}

function judge(check: RequestCheck, outcome: CallOutcome): Judgement {
  switch (check.kind) {
    case 'status':
      return outcome.statusCode === check.code
        ? { passed: true, detail: `status ${outcome.statusCode}` }
        : { passed: false, detail: `status was ${outcome.statusCode}${outcome.statusMessage === '' ? '' : `: ${outcome.statusMessage}`}` };
    case 'message':
      return judgeMessages(check, outcome.messages);
    case 'header':
    case 'trailer': {
      const entries = (check.kind === 'header' ? outcome.headers : outcome.trailers).filter((e) => e.key.toLowerCase() === check.key.toLowerCase());
      if (entries.length === 0) return { passed: false, detail: `no ${check.kind} ${check.key} was received` };
      if (check.equals === undefined) return { passed: true, detail: `${check.key}: ${entries[0]?.value ?? ''}` };
      const values = entries.map((e) => e.value);
      return values.includes(check.equals)
        ? { passed: true, detail: `${check.key}: ${check.equals}` }
        : { passed: false, detail: `${check.key} was ${values.map((v) => JSON.stringify(v)).join(', ')}` };
    }
    case 'messageCount': {
      const n = outcome.messages.length;
      const passed = check.op === 'equals' ? n === check.count : check.op === 'atLeast' ? n >= check.count : n <= check.count;
      return { passed, detail: `${n} message${n === 1 ? '' : 's'} received` };
    }
    case 'duration':
      return outcome.durationMs < check.underMs
        ? { passed: true, detail: `took ${outcome.durationMs.toFixed(0)} ms` }
        : { passed: false, detail: `took ${outcome.durationMs.toFixed(0)} ms` };
  }
}

type MessageCheck = Extract<RequestCheck, { kind: 'message' }>;

function judgeMessages(check: MessageCheck, messages: readonly unknown[]): Judgement {
  const path = parseJsonPath(check.path);
  if (!path.ok) return { passed: false, detail: `the path ${JSON.stringify(check.path)} is not a JSON path: ${path.message}` };
  let chosen: { index: number; message: unknown }[];
  if (check.message.kind === 'every') {
    if (messages.length === 0) return { passed: false, detail: 'no message was received' };
    chosen = messages.map((message, index) => ({ index, message }));
  } else {
    const index = check.message.index < 0 ? messages.length + check.message.index : check.message.index;
    if (index < 0 || index >= messages.length) return { passed: false, detail: `there is no ${selectorLabel(check.message)}: ${messages.length} received` };
    chosen = [{ index, message: messages[index] }];
  }
  for (const { index, message } of chosen) {
    const found = lookupJsonPath(message, path.segments);
    const failure = compare(check, found.found ? { value: found.value } : null);
    if (failure !== null) return { passed: false, detail: `message ${index + 1}: ${failure}` };
  }
  return { passed: true, detail: `${chosen.length} message${chosen.length === 1 ? '' : 's'} checked` };
}

/** Null when the value passes; otherwise what was seen. */
function compare(check: MessageCheck, found: { value: unknown } | null): string | null {
  if (check.op === 'absent') return found === null ? null : `${check.path} is ${shown(found.value)}`;
  if (found === null) return `${check.path} does not exist`;
  const value = found.value;
  switch (check.op) {
    case 'exists':
      return null;
    case 'equals':
      return sameJson(value, check.value ?? null) ? null : `${check.path} is ${shown(value)}`;
    case 'contains':
      return typeof value === 'string' && value.includes(check.value) ? null : `${check.path} is ${shown(value)}`;
    case 'matches': {
      let pattern: RegExp;
      try {
        pattern = new RegExp(check.pattern);
      } catch (error) {
        return `/${check.pattern}/ is not a valid regular expression: ${(error as Error).message}`;
      }
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      return pattern.test(text) ? null : `${check.path} is ${shown(value)}`;
    }
  }
}

/** Equal as JSON values: key order of objects does not matter. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  const bo = b as Record<string, unknown>;
  const ao = a as Record<string, unknown>;
  return ak.length === bk.length && ak.every((key) => key in bo && sameJson(ao[key], bo[key]));
}
