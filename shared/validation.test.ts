import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from './contract';
import { REQUEST_LIMITS, REQUEST_SCHEMAS, formatFieldPath, validateRequest } from './validation';
import { MALFORMED_REQUESTS, VALID_REQUESTS } from '../test/web-host/contract-payloads';

describe('validateRequest', () => {
  it('has a schema for every channel of the contract', () => {
    expect(Object.keys(REQUEST_SCHEMAS).sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it.each(CHANNEL_NAMES)('accepts a valid %s request and returns it unchanged', (channel) => {
    const result = validateRequest(channel, VALID_REQUESTS[channel]);
    expect(result).toEqual({ ok: true, value: { channel, request: VALID_REQUESTS[channel] } });
  });

  it('has at least one malformed case for every channel', () => {
    const covered = new Set(MALFORMED_REQUESTS.map((c) => c.channel));
    expect([...CHANNEL_NAMES].filter((channel) => !covered.has(channel))).toEqual([]);
  });

  it.each(MALFORMED_REQUESTS.map((c) => [c.channel, c.name, c] as const))('refuses %s with %s, naming the field', (_channel, _name, testCase) => {
    const result = validateRequest(testCase.channel, testCase.payload);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_REQUEST');
    expect(result.error.message).toContain(`Invalid ${testCase.channel} request: ${testCase.field}:`);
    expect(result.error.details?.channel).toBe(testCase.channel);
  });

  it('refuses an unknown channel and a non-string channel', () => {
    const unknown = validateRequest('calls:explode', {});
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) {
      expect(unknown.error.code).toBe('INVALID_REQUEST');
      expect(unknown.error.message).toContain('Unknown channel "calls:explode"');
    }
    const numeric = validateRequest(42, {});
    expect(numeric.ok).toBe(false);
    if (!numeric.ok) expect(numeric.error.message).toContain('a number channel name');
    // Inherited object keys are not channels.
    expect(validateRequest('toString', {}).ok).toBe(false);
    expect(validateRequest('__proto__', {}).ok).toBe(false);
  });

  it('lists every problem in details.issues and counts the rest in the message', () => {
    const result = validateRequest('calls:write', { callId: 1, json: 2, extra: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const issues = result.error.details?.issues as { path: string }[];
    expect(issues.map((i) => i.path).sort()).toEqual(['callId', 'extra', 'json']);
    expect(result.error.message).toContain('(and 2 more problems)');
  });

  it('holds the size limits exactly at the boundary', () => {
    const atLimit = { protoFiles: Array.from({ length: REQUEST_LIMITS.protoFiles }, (_, i) => `f${i}.proto`), importPaths: [] };
    expect(validateRequest('protos:compile', atLimit).ok).toBe(true);
    expect(validateRequest('protos:compile', { ...atLimit, protoFiles: [...atLimit.protoFiles, 'one-more.proto'] }).ok).toBe(false);
    expect(validateRequest('files:list', { path: 'a'.repeat(REQUEST_LIMITS.pathChars) }).ok).toBe(true);
    expect(validateRequest('files:list', { path: 'a'.repeat(REQUEST_LIMITS.pathChars + 1) }).ok).toBe(false);
    expect(validateRequest('demo:start', { port: 0 }).ok).toBe(true);
    expect(validateRequest('demo:start', { port: 65_535 }).ok).toBe(true);
    expect(validateRequest('demo:start', { port: -1 }).ok).toBe(false);
    expect(validateRequest('demo:start', { port: 80.5 }).ok).toBe(false);
  });

  it('bounds request JSON at 64 MiB', () => {
    const write = (json: string) => validateRequest('calls:write', { callId: 'c', json });
    expect(write('x'.repeat(REQUEST_LIMITS.jsonChars)).ok).toBe(true);
    const over = write('x'.repeat(REQUEST_LIMITS.jsonChars + 1));
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.error.message).toContain('Invalid calls:write request: json:');
  });

  it('refuses a workspace that is not plain JSON or is too large', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const result = validateRequest('workspace:save', { version: 1, data: cyclic });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('data: The workspace must be plain JSON data.');
    const huge = validateRequest('workspace:save', { version: 1, data: { blob: 'x'.repeat(REQUEST_LIMITS.workspaceJsonChars) } });
    expect(huge.ok).toBe(false);
  });

  it('accepts -1 (unlimited) and null for message size limits but not -2', () => {
    const base = VALID_REQUESTS['calls:start'];
    const withLimit = (maxSendBytes: number | null) => validateRequest('calls:start', { ...base, connection: { ...base.connection, maxSendBytes } });
    expect(withLimit(-1).ok).toBe(true);
    expect(withLimit(null).ok).toBe(true);
    expect(withLimit(-2).ok).toBe(false);
  });
});

describe('formatFieldPath', () => {
  it('writes array indexes in brackets', () => {
    expect(formatFieldPath(['metadata', 0, 'key'])).toBe('metadata[0].key');
    expect(formatFieldPath([])).toBe('');
  });

  it('quotes a key that is not a plain name, so the message still shows where the field ends (found by test/property)', () => {
    expect(formatFieldPath([': '])).toBe('[": "]');
    expect(formatFieldPath(['tls', 'a.b', 0])).toBe('tls["a.b"][0]');
    expect(formatFieldPath(['x-user', ''])).toBe('x-user[""]');
    const invalid = validateRequest('shell:info', { ': ': 0 });
    expect(!invalid.ok && invalid.error.message).toMatch(/^Invalid shell:info request: \[": "\]: unknown field/);
  });
});
