import { err, ok, type Result } from './result';

/**
 * google.api.http path templates (google/api/http.proto, "Path template syntax"):
 *
 *   Template = "/" Segments [ Verb ] ;  Segments = Segment { "/" Segment } ;
 *   Segment  = "*" | "**" | LITERAL | Variable ;  Variable = "{" FieldPath [ "=" Segments ] "}" ;
 *   FieldPath = IDENT { "." IDENT } ;  Verb = ":" LITERAL ;
 *
 * Pure, shared by the engine (which sends the request) and the renderer (Copy as curl).
 */
export type PatternSegment = { kind: 'literal'; value: string } | { kind: 'wildcard' } | { kind: 'deep' };

export type TemplateSegment = PatternSegment | { kind: 'variable'; fieldPath: string; pattern: PatternSegment[] };

export interface PathTemplate {
  segments: TemplateSegment[];
  /** The custom verb after ":" (e.g. "cancel"), or null. */
  verb: string | null;
}

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

function bad(template: string, reason: string): Result<never> {
  return err('INVALID_REQUEST', `The HTTP rule's path template "${template}" is not valid: ${reason}`, { template });
}

/** Split at "/" outside braces. */
function topLevelParts(text: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '{') depth += 1;
    if (char === '}') depth -= 1;
    if (depth < 0 || depth > 1) return null;
    if (char === '/' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  if (depth !== 0) return null;
  parts.push(current);
  return parts;
}

function patternSegment(text: string): PatternSegment | null {
  if (text === '*') return { kind: 'wildcard' };
  if (text === '**') return { kind: 'deep' };
  if (text === '' || /[{}*]/.test(text)) return null;
  return { kind: 'literal', value: text };
}

export function parsePathTemplate(template: string): Result<PathTemplate> {
  if (!template.startsWith('/')) return bad(template, 'it must start with "/".');
  const parts = topLevelParts(template.slice(1));
  if (parts === null) return bad(template, 'its braces { } do not pair up (and variables cannot nest).');
  let verb: string | null = null;
  const last = parts[parts.length - 1] ?? '';
  const closing = last.lastIndexOf('}');
  const colon = last.indexOf(':', closing + 1);
  if (colon >= 0) {
    verb = last.slice(colon + 1);
    parts[parts.length - 1] = last.slice(0, colon);
    if (verb === '' || /[/{}*]/.test(verb)) return bad(template, `its verb ":${verb}" must be a plain word.`);
  }
  const segments: TemplateSegment[] = [];
  for (const part of parts) {
    if (part.startsWith('{')) {
      if (!part.endsWith('}')) return bad(template, `"${part}" mixes a variable with other text in one segment.`);
      const inner = part.slice(1, -1);
      const equals = inner.indexOf('=');
      const fieldPath = equals < 0 ? inner : inner.slice(0, equals);
      if (!FIELD_PATH.test(fieldPath)) return bad(template, `"${fieldPath}" in "${part}" is not a field path (names joined by ".").`);
      const patternText = equals < 0 ? '*' : inner.slice(equals + 1);
      const pattern: PatternSegment[] = [];
      for (const piece of patternText.split('/')) {
        const segment = patternSegment(piece);
        if (segment === null) return bad(template, `"${piece}" in "${part}" is not "*", "**" or a literal.`);
        pattern.push(segment);
      }
      segments.push({ kind: 'variable', fieldPath, pattern });
    } else {
      const segment = patternSegment(part);
      if (segment === null) return bad(template, `"${part}" is not "*", "**", a literal or a {variable}.`);
      segments.push(segment);
    }
  }
  const deep = segments.flatMap((s) => (s.kind === 'variable' ? s.pattern : [s])).filter((s) => s.kind === 'deep').length;
  if (deep > 1) return bad(template, '"**" may appear only once.');
  return ok({ segments, verb });
}

/** The pattern as written ("projects/*"), for messages. */
export function patternText(pattern: readonly PatternSegment[]): string {
  return pattern.map((s) => (s.kind === 'literal' ? s.value : s.kind === 'wildcard' ? '*' : '**')).join('/');
}

/** Percent-encode everything but RFC 3986 unreserved characters [-_.~0-9a-zA-Z] (and "/" when kept). */
export function encodeStrict(text: string, keepSlash = false): string {
  const encoded = encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return keepSlash ? encoded.replace(/%2F/g, '/') : encoded;
}

/**
 * Whether `value` matches a variable's pattern ("*" one non-empty segment, "**" any number of
 * segments, literals exactly), as a server routing this URL would require.
 */
export function matchesPattern(value: string, pattern: readonly PatternSegment[]): boolean {
  // A one-segment variable encodes "/" as %2F, so any non-empty value is one segment.
  const only = pattern[0];
  if (pattern.length === 1 && only !== undefined && only.kind !== 'deep') return only.kind === 'literal' ? value === only.value : value !== '';
  const pieces = value.split('/');
  const deepAt = pattern.findIndex((s) => s.kind === 'deep');
  const before = deepAt < 0 ? pattern : pattern.slice(0, deepAt);
  const after = deepAt < 0 ? [] : pattern.slice(deepAt + 1);
  if (deepAt < 0 ? pieces.length !== pattern.length : pieces.length < before.length + after.length) return false;
  const matchOne = (segment: PatternSegment, piece: string): boolean =>
    segment.kind === 'literal' ? piece === segment.value : piece !== '';
  for (const [i, segment] of before.entries()) if (!matchOne(segment, pieces[i] ?? '')) return false;
  for (const [i, segment] of after.entries()) if (!matchOne(segment, pieces[pieces.length - after.length + i] ?? '')) return false;
  return true;
}

/**
 * The variable expands as one segment ("{var}", "{var=*}": "/" is encoded too) or as several
 * ("{var=projects/*}", "{var=**}": "/" stays), per http.proto.
 */
export function expandsAsOneSegment(pattern: readonly PatternSegment[]): boolean {
  return pattern.length === 1 && pattern[0]?.kind !== 'deep';
}
