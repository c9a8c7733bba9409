import { describe, expect, it } from 'vitest';
import { defaultConnectionSettings } from '../../../shared/connection';
import { grpcurlArgs, type GrpcurlInput } from './grpcurl';

const input = (connection: Partial<GrpcurlInput['connection']>, metadata: GrpcurlInput['metadata'] = []): GrpcurlInput => ({
  connection: { ...defaultConnectionSettings('localhost:50051'), ...connection },
  metadata,
  deadlineMs: null,
  body: '{}',
  service: 'demo.v1.DemoService',
  method: 'Echo',
  emitDefaults: false,
  source: null,
});
const traceHeaders = (args: string[]) => args.filter((a, i) => args[i - 1] === '-H' && a.startsWith('traceparent:'));

describe('grpcurl export of Send trace context', () => {
  it('adds a W3C traceparent made new for each copy', () => {
    const first = traceHeaders(grpcurlArgs(input({ sendTraceContext: true })));
    const second = traceHeaders(grpcurlArgs(input({ sendTraceContext: true })));
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(/^traceparent: 00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(second[0]).not.toBe(first[0]);
  });
  it('keeps the traceparent the user typed and adds none; off adds none', () => {
    const typed = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(traceHeaders(grpcurlArgs(input({ sendTraceContext: true }, [{ key: 'traceparent', value: typed }])))).toEqual([`traceparent: ${typed}`]);
    expect(traceHeaders(grpcurlArgs(input({})))).toEqual([]);
  });
});
