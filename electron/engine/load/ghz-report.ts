import { cpus } from 'node:os';
import type { LoadEndReason, LoadTestSettings } from '../../../shared/load-test';
import { latencyBuckets, type LatencyRecorder } from './latency-recorder';

/** Go's codes.Code String() names, which ghz writes: OK, Canceled, NotFound, ... */
const GO_STATUS_NAMES: Record<string, string> = {
  OK: 'OK', CANCELLED: 'Canceled', UNKNOWN: 'Unknown', INVALID_ARGUMENT: 'InvalidArgument', DEADLINE_EXCEEDED: 'DeadlineExceeded',
  NOT_FOUND: 'NotFound', ALREADY_EXISTS: 'AlreadyExists', PERMISSION_DENIED: 'PermissionDenied', RESOURCE_EXHAUSTED: 'ResourceExhausted',
  FAILED_PRECONDITION: 'FailedPrecondition', ABORTED: 'Aborted', OUT_OF_RANGE: 'OutOfRange', UNIMPLEMENTED: 'Unimplemented',
  INTERNAL: 'Internal', UNAVAILABLE: 'Unavailable', DATA_LOSS: 'DataLoss', UNAUTHENTICATED: 'Unauthenticated',
};

export function goStatusName(status: string): string {
  return GO_STATUS_NAMES[status] ?? status;
}

/** ghz's error text for a failed call: "rpc error: code = NotFound desc = ...". */
export function ghzErrorText(status: string, details: string): string {
  return `rpc error: code = ${goStatusName(status)} desc = ${details}`;
}

/** ghz's endReason: normal (total reached), timeout (duration passed), cancel (stopped). */
const GHZ_END_REASONS: Record<LoadEndReason, string> = { total: 'normal', duration: 'timeout', stopped: 'cancel', page_gone: 'cancel' };

const NS_PER_US = 1000;
const GHZ_PERCENTILES = [10, 25, 50, 75, 90, 95, 99] as const;

export interface GhzReportInput {
  recorder: LatencyRecorder;
  settings: LoadTestSettings;
  /** "pkg.Service.Method" as ghz's --call. */
  call: string;
  host: string;
  insecure: boolean;
  deadlineMs: number | null;
  requestJson: string | null;
  startedAtEpochMs: number;
  elapsedMs: number;
  endReason: LoadEndReason;
}

/** Go's time.RFC3339 (whole seconds, Z for UTC), as ghz writes `date`. */
function rfc3339(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function parsedData(requestJson: string | null): unknown {
  if (requestJson === null || requestJson.trim() === '') return undefined;
  try {
    return JSON.parse(requestJson) as unknown;
  } catch {
    return requestJson;
  }
}

/**
 * The run in ghz's JSON report shape (runner/reporter.go), so tools that read ghz reports
 * (ghz-web, scripts) read ours: durations in nanoseconds, histogram marks in seconds, status
 * names as Go prints them. As in ghz, fastest, slowest, histogram and latencyDistribution are
 * of the calls that ended OK; count, average and rps of every call. Details hold the first
 * MAX_DETAILS calls (latency-recorder.ts).
 */
export function ghzReport(input: GhzReportInput): Record<string, unknown> {
  const { recorder, settings } = input;
  const ok = recorder.ok;
  const hasOk = ok.totalCount > 0;
  const statusCodeDistribution: Record<string, number> = {};
  for (const [status, count] of Object.entries(recorder.statusCounts)) statusCodeDistribution[goStatusName(status)] = count;
  const report: Record<string, unknown> = {
    date: rfc3339(input.startedAtEpochMs + input.elapsedMs),
    endReason: GHZ_END_REASONS[input.endReason],
    options: {
      host: input.host,
      call: input.call,
      insecure: input.insecure,
      total: settings.totalRequests ?? 0,
      concurrency: settings.concurrency,
      qps: settings.ratePerSecond ?? 0,
      connections: settings.connections,
      duration: settings.durationS === null ? 0 : Math.round(settings.durationS * 1e9),
      timeout: input.deadlineMs === null ? 0 : input.deadlineMs * 1e6,
      data: parsedData(input.requestJson),
      binary: false,
      CPUs: cpus().length,
    },
    count: recorder.requests,
    total: Math.round(input.elapsedMs * 1e6),
    average: recorder.requests === 0 ? 0 : Math.round((recorder.totalLatencyUs / recorder.requests) * NS_PER_US),
    fastest: hasOk ? ok.minNonZeroValue * NS_PER_US : 0,
    slowest: hasOk ? ok.maxValue * NS_PER_US : 0,
    rps: input.elapsedMs > 0 ? recorder.requests / (input.elapsedMs / 1000) : 0,
    errorDistribution: { ...recorder.errorCounts },
    statusCodeDistribution,
    latencyDistribution: hasOk ? GHZ_PERCENTILES.map((percentage) => ({ percentage, latency: ok.getValueAtPercentile(percentage) * NS_PER_US })) : null,
    histogram: hasOk
      ? latencyBuckets(ok, 10).map(({ upToUs, count }) => ({ mark: upToUs / 1e6, count, frequency: count / ok.totalCount }))
      : null,
    details: recorder.details.map((d) => ({
      timestamp: new Date(d.startedAt).toISOString(),
      latency: Math.round(d.latencyUs * NS_PER_US),
      error: d.error,
      status: goStatusName(d.status),
    })),
  };
  return report;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One line per call (the first MAX_DETAILS): ghz's CSV columns plus when it started. */
export function loadCsv(recorder: LatencyRecorder): string {
  const lines = ['timestamp,duration (ms),status,error'];
  for (const d of recorder.details) {
    lines.push([new Date(d.startedAt).toISOString(), (d.latencyUs / 1000).toFixed(3), goStatusName(d.status), csvField(d.error)].join(','));
  }
  return `${lines.join('\n')}\n`;
}
