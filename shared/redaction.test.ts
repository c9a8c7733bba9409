import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from './redaction';

// Reference encodings, computed once with Node's Buffer (independent of the btoa path under
// test; Buffer itself is not used so the test type-checks for the browser too).
const ENCODED: Record<string, { b64: string; b64url: string }> = {
  'pa>>ss?word': { b64: 'cGE+PnNzP3dvcmQ=', b64url: 'cGE-PnNzP3dvcmQ' },
  'пароль-ключ': { b64: '0L/QsNGA0L7Qu9GMLdC60LvRjtGH', b64url: '0L_QsNGA0L7Qu9GMLdC60LvRjtGH' },
};
const b64 = (s: string) => ENCODED[s]?.b64 ?? '';
const b64url = (s: string) => ENCODED[s]?.b64url ?? '';

describe('redactSecrets', () => {
  it('redacts every occurrence in nested objects and arrays', () => {
    const input = {
      request: { metadata: [{ key: 'authorization', value: 'Bearer hunter2-token' }], body: '{"t": "hunter2-token", "again": "hunter2-token"}' },
      list: ['x hunter2-token y', ['deep hunter2-token'], 42, true, null],
      count: 3,
    };
    expect(redactSecrets(input, ['hunter2-token'])).toEqual({
      request: { metadata: [{ key: 'authorization', value: `Bearer ${REDACTED}` }], body: `{"t": "${REDACTED}", "again": "${REDACTED}"}` },
      list: [`x ${REDACTED} y`, [`deep ${REDACTED}`], 42, true, null],
      count: 3,
    });
  });

  it('does not mutate its input and returns a copy', () => {
    const input = { a: { b: ['secret-value'] }, c: 'secret-value' };
    const snapshot = structuredClone(input);
    const out = redactSecrets(input, ['secret-value']);
    expect(input).toEqual(snapshot);
    expect(out).not.toBe(input);
    expect(out.a).not.toBe(input.a);
    expect(out.a.b).not.toBe(input.a.b);
    // Also a copy when nothing is redacted.
    const untouched = redactSecrets(input, []);
    expect(untouched).toEqual(input);
    expect(untouched.a).not.toBe(input.a);
  });

  it('redacts standard and url-safe base64 forms, padded or not', () => {
    const secret = 'pa>>ss?word'; // its base64 holds "+" and "/", so standard and url-safe differ
    expect(b64(secret)).not.toBe(b64url(secret));
    expect(b64(secret)).toMatch(/[+/]/);
    const out = redactSecrets(
      { std: `x-bin: ${b64(secret)}`, unpadded: b64(secret).replace(/=+$/, ''), url: `token=${b64url(secret)};` },
      [secret],
    );
    expect(out.std).toBe(`x-bin: ${REDACTED}`);
    expect(out.unpadded).toBe(REDACTED);
    expect(out.url).toBe(`token=${REDACTED};`);
  });

  it('redacts the base64 of a non-ASCII secret (UTF-8)', () => {
    const secret = 'пароль-ключ';
    expect(redactSecrets(`v=${b64(secret)}`, [secret])).toBe(`v=${REDACTED}`);
    expect(redactSecrets(`v=${b64url(secret)}`, [secret])).toBe(`v=${REDACTED}`);
  });

  it('redacts the URI-encoded and JSON-escaped forms', () => {
    const secret = 'a b&c"d\\e/f';
    const uri = encodeURIComponent(secret);
    const json = JSON.stringify(secret).slice(1, -1);
    expect(uri).not.toBe(secret);
    expect(json).not.toBe(secret);
    const out = redactSecrets({ url: `https://x/?k=${uri}`, record: JSON.stringify({ k: secret }) }, [secret]);
    expect(out.url).toBe(`https://x/?k=${REDACTED}`);
    expect(out.record).toBe(`{"k":"${REDACTED}"}`);
  });

  it('redacts short secrets only where a whole string equals them', () => {
    const out = redactSecrets({ whole: 'abc', inside: 'xabcx', other: 'abcd' }, ['abc']);
    expect(out).toEqual({ whole: REDACTED, inside: 'xabcx', other: 'abcd' });
    // Four characters is long enough to be redacted anywhere.
    expect(redactSecrets('xabcdx', ['abcd'])).toBe(`x${REDACTED}x`);
  });

  it('ignores empty secrets', () => {
    expect(redactSecrets({ a: '', b: 'text' }, [''])).toEqual({ a: '', b: 'text' });
  });

  it('replaces the longest secret first', () => {
    // Shorter first would leave "••••••-extended" and leak that it was extended.
    expect(redactSecrets('k=token-extended', ['token', 'token-extended'])).toBe(`k=${REDACTED}`);
    expect(redactSecrets('k=token-extended', ['token-extended', 'token'])).toBe(`k=${REDACTED}`);
  });

  it('treats secret text literally, not as a pattern', () => {
    expect(redactSecrets('a.b*c+d and aXbbbcd', ['a.b*c+d'])).toBe(`${REDACTED} and aXbbbcd`);
  });

  it('keeps object keys and non-string values, and copies own __proto__ keys as keys', () => {
    const input = JSON.parse('{"__proto__": "the-secret", "the-secret": 1}') as Record<string, unknown>;
    const out = redactSecrets(input, ['the-secret']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'the-secret']);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toBe(REDACTED);
    expect(out['the-secret']).toBe(1);
  });

  it('redacts a top-level string and leaves other primitives alone', () => {
    expect(redactSecrets('the-secret', ['the-secret'])).toBe(REDACTED);
    expect(redactSecrets(7, ['the-secret'])).toBe(7);
    expect(redactSecrets(null, ['the-secret'])).toBeNull();
  });
});
