/** What a secret value is replaced with in history, previews and every other record of a call. */
export const REDACTED = '••••••';

/** Secrets shorter than this are redacted only where a whole string equals them ("abc" would hit too much text otherwise). */
export const MIN_SECRET_LENGTH = 4;

function base64(text: string): string {
  // btoa takes one character per byte: encode as UTF-8 first (works in browsers and Node).
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The forms a secret takes on the wire or in a record: as it is, base64 (standard, and
 * url-safe, each with and without padding), URI-encoded and JSON-escaped. The base64 of a
 * secret inside a longer encoded value (such as basic auth's "user:password") cannot be
 * found this way and is not redacted here.
 */
function encodedForms(secret: string): string[] {
  const standard = base64(secret);
  const unpadded = standard.replace(/=+$/, '');
  const urlSafe = unpadded.replace(/\+/g, '-').replace(/\//g, '_');
  return [secret, standard, unpadded, urlSafe, `${urlSafe}${standard.slice(unpadded.length)}`, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Redactor {
  exact: Set<string>;
  pattern: RegExp | null;
}

function redactor(secrets: readonly string[]): Redactor {
  const exact = new Set(secrets.filter((s) => s.length > 0));
  const forms = new Set<string>();
  for (const secret of exact) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of encodedForms(secret)) forms.add(form);
  }
  // Longest first: an alternation takes the first alternative that matches, so a secret that
  // contains another is replaced whole.
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  return { exact, pattern: sorted.length > 0 ? new RegExp(sorted.map(escapeRegExp).join('|'), 'g') : null };
}

function redactString(text: string, r: Redactor): string {
  if (r.exact.has(text)) return REDACTED;
  return r.pattern ? text.replace(r.pattern, REDACTED) : text;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * A deep copy of plain data (objects, arrays, strings, numbers...) with every occurrence of
 * each secret, and of its encoded forms, in every string value replaced by REDACTED. Object
 * keys are kept (they are field names, not data). Anything but plain objects and arrays
 * (a Date, a Map...) is kept as it is. The input is not changed.
 */
export function redactSecrets<T>(value: T, secrets: readonly string[]): T {
  const r = redactor(secrets);
  const copies = new WeakMap<object, unknown>();
  const visit = (item: unknown): unknown => {
    if (typeof item === 'string') return redactString(item, r);
    if (typeof item !== 'object' || item === null) return item;
    const seen = copies.get(item);
    if (seen !== undefined) return seen;
    if (Array.isArray(item)) {
      const copy: unknown[] = [];
      copies.set(item, copy);
      for (const element of item) copy.push(visit(element));
      return copy;
    }
    if (!isPlainObject(item)) return item;
    const copy: Record<string, unknown> = Object.getPrototypeOf(item) === null ? Object.create(null) : {};
    copies.set(item, copy);
    // defineProperty, not assignment: an own "__proto__" key (JSON.parse makes those) stays a key.
    for (const [key, field] of Object.entries(item)) Object.defineProperty(copy, key, { value: visit(field), enumerable: true, writable: true, configurable: true });
    return copy;
  };
  return visit(value) as T;
}
