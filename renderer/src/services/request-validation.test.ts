import { describe, expect, it } from 'vitest';
import type { ConnectionSettings } from '../../../shared/connection';
import { defaultConnectionSettings } from '../../../shared/connection';
import { REQUEST_LIMITS, validateRequest } from '../../../shared/validation';
import { deadlineMs } from '../../../shared/request-deadline';
import { CONNECTION_NUMBER_SETTINGS, connectionSettingsProblem, metadataEntries, numberSettingProblem } from './request-validation';

describe('metadataEntries (checked before Invoke)', () => {
  it('shows the same refusal the engine gives for a key HTTP/2 forbids', () => {
    expect(metadataEntries([{ id: '1', key: 'Connection', value: 'x' }]).problem).toBe(
      'Metadata key "Connection" is an HTTP/2 connection-specific header; HTTP/2 forbids it in a request (RFC 9113 §8.2.2), so the call is not started.',
    );
    expect(metadataEntries([{ id: '1', key: 'user-agent', value: 'me' }]).problem).toMatch(/set by gRPC itself/);
  });

  it('names the limit when there is too much metadata, auth included', () => {
    const rows = Array.from({ length: 101 }, (_, i) => ({ id: String(i), key: `x-k${i}`, value: 'v' }));
    expect(metadataEntries(rows)).toEqual({ entries: [], problem: expect.stringMatching(/over the limit of 100 .*"x-k100"/) });
    expect(metadataEntries([{ id: '1', key: 'authorization', value: `Bearer ${'t'.repeat(20_000)}` }]).problem).toMatch(/over the limit of 16,384 bytes .*"authorization"/);
    expect(metadataEntries([{ id: '1', key: 'x-ok', value: 'v' }])).toEqual({ entries: [{ key: 'x-ok', value: 'v' }], problem: null });
  });
});

describe('deadline and connection numbers: the UI accepts exactly what the contract accepts', () => {
  const startCall = (deadline: number | null, connection: ConnectionSettings = defaultConnectionSettings('localhost:50051')) => ({
    method: { protoSetId: 'p1', service: 'demo.v1.DemoService', method: 'Echo' },
    connection,
    metadata: [],
    deadlineMs: deadline,
    requestJson: '{}',
    options: { emitDefaults: false },
  });

  it('refuses a deadline the contract would refuse, naming the limit, and accepts the largest one', () => {
    const largest = REQUEST_LIMITS.maxDeadlineMs;
    for (const value of [1, 1_000, 99_999_999, 100_000_000, largest - 1, largest, largest + 1, 2_147_483_647, 2_147_483_648, 10 ** 12]) {
      const ui = deadlineMs(String(value));
      const contract = validateRequest('calls:start', startCall(ui.value ?? value));
      expect(ui.problem === null, `${value}`).toBe(contract.ok);
      if (ui.problem === null) expect(ui.value).toBe(value);
    }
    expect(deadlineMs(String(largest))).toEqual({ value: 2_147_483_000, problem: null });
    expect(deadlineMs('2147483647').problem).toBe(
      "Deadline: at most 2,147,483,000 ms (about 24.8 days); a longer one overflows gRPC's timers and expires at once. Leave it empty for no deadline.",
    );
    expect(deadlineMs('').problem).toBeNull();
    expect(deadlineMs('0').problem).toMatch(/fail at once/);
  });

  it('refuses keepalive and message sizes the contract would refuse, naming the range', () => {
    const S = CONNECTION_NUMBER_SETTINGS;
    const cases: Array<[keyof typeof S, (c: ConnectionSettings, v: number) => void, number[]]> = [
      ['keepaliveTimeMs', (c, v) => (c.keepalive.timeMs = v), [0, 1, 2_147_483_647, 2_147_483_648]],
      ['keepaliveTimeoutMs', (c, v) => (c.keepalive.timeoutMs = v), [0, 1, 20_000, 2_147_483_647, 2_147_483_648]],
      ['maxReceiveBytes', (c, v) => (c.maxReceiveBytes = v), [-2, -1, 0, 4_194_304, 2_147_483_647, 2_147_483_648, 10 ** 12]],
      ['maxSendBytes', (c, v) => (c.maxSendBytes = v), [-2, -1, 0, 2_147_483_647, 2_147_483_648]],
    ];
    for (const [name, set, values] of cases) {
      for (const value of values) {
        const connection = defaultConnectionSettings('localhost:50051');
        set(connection, value);
        const contract = validateRequest('calls:start', startCall(null, connection));
        expect(numberSettingProblem(S[name], value) === null, `${name} = ${value}`).toBe(contract.ok);
        expect(connectionSettingsProblem(connection) === null, `${name} = ${value}`).toBe(contract.ok);
      }
    }
    expect(numberSettingProblem(S.keepaliveTimeMs, 0)).toBe(
      'Keepalive time: enter a whole number from 1 to 2,147,483,647 ms (about 24.8 days), or leave it empty for off (got 0).',
    );
    expect(numberSettingProblem(S.maxReceiveBytes, 3_000_000_000)).toBe(
      'Max receive message size: enter a whole number -1 (unlimited) or from 0 to 2,147,483,647 bytes (just under 2 GiB), or leave it empty for the default, 64 MiB (got 3,000,000,000).',
    );
    expect(connectionSettingsProblem(defaultConnectionSettings('localhost:1'))).toBeNull();
  });
});
