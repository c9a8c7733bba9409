import { formatJsonPath, parseJsonPathPattern, type JsonPathPatternSegment, type JsonPathSegment } from './json-path';
import type { SnapshotComparison } from './snapshot';

/** A parsed ignore path. */
export type IgnorePattern = readonly JsonPathPatternSegment[];

export type IgnoreParse = { ok: true; patterns: IgnorePattern[] } | { ok: false; message: string };

/** Ignore paths as typed (blank lines skipped) into patterns, or the first one that is not a JSON path. */
export function parseIgnorePaths(paths: readonly string[]): IgnoreParse {
  const patterns: IgnorePattern[] = [];
  for (const path of paths) {
    if (path.trim() === '') continue;
    const parsed = parseJsonPathPattern(path);
    if (!parsed.ok) return { ok: false, message: `Ignore path: ${parsed.message}` };
    patterns.push(parsed.segments);
  }
  return { ok: true, patterns };
}

/** One step of a concrete path; an index keeps its array's length so `[-1]` can match it. */
type Step = { kind: 'key'; key: string } | { kind: 'index'; index: number; length: number };

function stepMatches(pattern: JsonPathPatternSegment, step: Step): boolean {
  if (pattern.kind === 'wildcard') return true;
  if (pattern.kind === 'key') return step.kind === 'key' && step.key === pattern.key;
  if (step.kind !== 'index') return false;
  return pattern.index === step.index || (pattern.index < 0 && step.length + pattern.index === step.index);
}

/** A pattern ignores the value at its path and everything inside it. */
function ignored(path: readonly Step[], patterns: readonly IgnorePattern[]): boolean {
  return patterns.some((pattern) => pattern.length === path.length && pattern.every((segment, i) => stepMatches(segment, path[i] as Step)));
}

const ABSENT = Symbol('absent');
type Value = unknown;

interface Difference {
  path: Step[];
  expected: Value;
  actual: Value;
}

function isObject(value: Value): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first difference between two JSON values (object keys in sorted order), outside the ignored paths. */
function firstDifference(expected: Value, actual: Value, path: Step[], patterns: readonly IgnorePattern[]): Difference | null {
  if (ignored(path, patterns)) return null;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      // The step carries the expected array's length when it has the element, so `[-1]` means its last.
      const length = i < expected.length ? expected.length : actual.length;
      const found = firstDifference(i < expected.length ? expected[i] : ABSENT, i < actual.length ? actual[i] : ABSENT, [...path, { kind: 'index', index: i, length }], patterns);
      if (found) return found;
    }
    return null;
  }
  if (isObject(expected) && isObject(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    for (const key of keys) {
      const has = (o: Record<string, unknown>) => Object.prototype.hasOwnProperty.call(o, key);
      const found = firstDifference(has(expected) ? expected[key] : ABSENT, has(actual) ? actual[key] : ABSENT, [...path, { kind: 'key', key }], patterns);
      if (found) return found;
    }
    return null;
  }
  // Leaves (or different kinds of value): JSON scalars compare exactly.
  if (expected === actual) return null;
  return { path, expected, actual };
}

const SHOWN_CHARS = 80;

/** A value as the report shows it: JSON text, shortened; "nothing" for a missing value. */
export function shownValue(value: Value): string {
  if (value === ABSENT) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS - 1)}…` : text;
}

const plural = (n: number) => `${n} message${n === 1 ? '' : 's'}`;

/**
 * Compares a call's received messages (JSON values, in order) with a snapshot's. Answers the
 * first message that differs and where (`message 3: $.price expected 10 got 11`), or, when every
 * message both have is the same, a different number of messages. Ignored paths (and what is
 * inside them) are skipped in every message, also when one side lacks them.
 */
export function compareWithSnapshot(expected: readonly unknown[], actual: readonly unknown[], patterns: readonly IgnorePattern[]): SnapshotComparison {
  const common = Math.min(expected.length, actual.length);
  for (let index = 0; index < common; index++) {
    const found = firstDifference(expected[index], actual[index], [], patterns);
    if (!found) continue;
    const path = formatJsonPath(found.path.map((step): JsonPathSegment => (step.kind === 'key' ? step : { kind: 'index', index: step.index })));
    const shownExpected = shownValue(found.expected);
    const shownActual = shownValue(found.actual);
    return { matches: false, kind: 'value', messageIndex: index, path, expected: shownExpected, actual: shownActual, message: `message ${index}: ${path} expected ${shownExpected} got ${shownActual}` };
  }
  if (expected.length !== actual.length) {
    const last = Math.max(expected.length, actual.length) - 1;
    const which = last === common ? `message ${common} is` : `messages ${common}–${last} are`;
    const what = `${which} ${expected.length > actual.length ? 'missing' : 'not in the snapshot'}`;
    return {
      matches: false,
      kind: 'count',
      messageIndex: common,
      expectedCount: expected.length,
      actualCount: actual.length,
      message: `expected ${plural(expected.length)}, got ${actual.length} (${what})`,
    };
  }
  return { matches: true, compared: common };
}
