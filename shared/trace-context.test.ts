import { describe, expect, it } from 'vitest';
import { newTraceparent, traceIdOf, withTraceContext } from './trace-context';

describe('W3C trace context', () => {
  it('makes version 00, 16-byte trace id, 8-byte parent id, sampled', () => {
    const value = newTraceparent();
    expect(value).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(traceIdOf(value)).toBe(value.split('-')[1]);
  });
  it('reads no trace id from a malformed, version ff or all-zero traceparent', () => {
    expect(traceIdOf('abc')).toBeNull();
    expect(traceIdOf('ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBeNull();
    expect(traceIdOf('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeNull();
    expect(traceIdOf('00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01')).toBeNull();
  });
  it('a typed traceparent (any case of the key) wins; an invalid one is still sent but reports no trace', () => {
    const typed = [{ key: 'TraceParent', value: 'not-a-trace' }];
    expect(withTraceContext(typed, true)).toEqual({ metadata: typed, trace: null });
  });
});
