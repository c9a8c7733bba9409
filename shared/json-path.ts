/**
 * A small JSON path: `$`, `.name`, `["name"]`, `[0]`, `[-1]` (from the end). Enough to point at
 * one value of a response message (e.g. `$.items[0].id`); checks take no wildcards or filters, so
 * every path names at most one value and a check's failure can say exactly where it looked.
 * Patterns (snapshot ignore paths) also take `[*]` and `.*`: any element or field at that level.
 */
export type JsonPathSegment = { kind: 'key'; key: string } | { kind: 'index'; index: number };
export type JsonPathPatternSegment = JsonPathSegment | { kind: 'wildcard' };

export type JsonPathParse = { ok: true; segments: JsonPathSegment[] } | { ok: false; message: string };
export type JsonPathPatternParse = { ok: true; segments: JsonPathPatternSegment[] } | { ok: false; message: string };

export function parseJsonPath(path: string): JsonPathParse {
  // Without wildcards the parser yields plain segments only.
  return parseSegments(path, false) as JsonPathParse;
}

/** A path that may hold `[*]` or `.*` (any array element or object field there), e.g. `$.items[*].id`. */
export function parseJsonPathPattern(path: string): JsonPathPatternParse {
  return parseSegments(path, true);
}

function parseSegments(path: string, wildcards: boolean): JsonPathPatternParse {
  const text = path.trim();
  if (!text.startsWith('$')) return { ok: false, message: `JSON path "${path}" must start with "$" (e.g. "$.items[0].id")` };
  const segments: JsonPathPatternSegment[] = [];
  let at = 1;
  while (at < text.length) {
    const char = text[at];
    if (wildcards && (text.startsWith('.*', at) || text.startsWith('[*]', at))) {
      segments.push({ kind: 'wildcard' });
      at += char === '.' ? 2 : 3;
    } else if (char === '.') {
      const match = /^[A-Za-z_$][\w$-]*/.exec(text.slice(at + 1));
      if (!match) return { ok: false, message: `JSON path "${path}": expected a field name after "." at position ${at + 1}` };
      segments.push({ kind: 'key', key: match[0] });
      at += 1 + match[0].length;
    } else if (char === '[') {
      const rest = text.slice(at);
      const index = /^\[(-?\d+)\]/.exec(rest);
      const quoted = /^\[(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\]/.exec(rest);
      if (index) {
        segments.push({ kind: 'index', index: Number(index[1]) });
        at += index[0].length;
      } else if (quoted) {
        segments.push({ kind: 'key', key: (quoted[1] ?? quoted[2] ?? '').replace(/\\(.)/g, '$1') });
        at += quoted[0].length;
      } else {
        return { ok: false, message: `JSON path "${path}": "[" at position ${at} must hold a number or a quoted name, e.g. [0] or ["name"]` };
      }
    } else {
      return { ok: false, message: `JSON path "${path}": unexpected "${char}" at position ${at} (use .name or [n])` };
    }
  }
  return { ok: true, segments };
}

export type JsonPathLookup = { found: true; value: unknown } | { found: false };

export function lookupJsonPath(value: unknown, segments: readonly JsonPathSegment[]): JsonPathLookup {
  let current: unknown = value;
  for (const segment of segments) {
    if (segment.kind === 'index') {
      if (!Array.isArray(current)) return { found: false };
      const index = segment.index < 0 ? current.length + segment.index : segment.index;
      if (index < 0 || index >= current.length) return { found: false };
      current = current[index];
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current)) return { found: false };
      if (!Object.prototype.hasOwnProperty.call(current, segment.key)) return { found: false };
      current = (current as Record<string, unknown>)[segment.key];
    }
  }
  return { found: true, value: current };
}

/** Segments as a path again: `$.items[0]["a b"]`. */
export function formatJsonPath(segments: readonly JsonPathPatternSegment[]): string {
  return '$' + segments.map((s) => (s.kind === 'wildcard' ? '[*]' : s.kind === 'index' ? `[${s.index}]` : /^[A-Za-z_$][\w$-]*$/.test(s.key) ? `.${s.key}` : `[${JSON.stringify(s.key)}]`)).join('');
}
