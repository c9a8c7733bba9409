import { describe, expect, it } from 'vitest';
import { checkServiceConfig } from './service-config';

const retry = (policy: Record<string, unknown>) => JSON.stringify({ methodConfig: [{ name: [{}], retryPolicy: policy }] });
const good = { maxAttempts: 3, initialBackoff: '0.01s', maxBackoff: '0.1s', backoffMultiplier: 2, retryableStatusCodes: ['UNAVAILABLE'] };

describe('checkServiceConfig', () => {
  it('accepts empty text as no config and a full retry config as is', () => {
    expect(checkServiceConfig('  ')).toEqual({ ok: true, config: null });
    expect(checkServiceConfig(retry(good)).ok).toBe(true);
  });

  it.each([
    [retry({ ...good, maxAttempts: 1 }), 'methodConfig[0].retryPolicy.maxAttempts', 'must be an integer ≥ 2'],
    [retry({ ...good, initialBackoff: '10ms' }), 'methodConfig[0].retryPolicy.initialBackoff', 'must be a duration'],
    [retry({ ...good, retryableStatusCodes: ['UNAVAILBLE'] }), 'methodConfig[0].retryPolicy.retryableStatusCodes[0]', 'status code name'],
    [JSON.stringify({ methodConfig: [{ name: [{}], timeout: 5 }] }), 'methodConfig[0].timeout', 'duration'],
    [JSON.stringify({ methodConfig: [{ name: [{}], hedgingPolicy: { maxAttempts: 'x' } }] }), 'methodConfig[0].hedgingPolicy.maxAttempts', '≥ 2'],
    [JSON.stringify({ retryThrottling: { maxTokens: 5000, tokenRatio: 1 } }), 'retryThrottling.maxTokens', 'at most 1000'],
    [JSON.stringify({ loadBalancingConfig: [{ round_robin: {}, pick_first: {} }] }), 'loadBalancingConfig[0]', 'exactly one'],
    [JSON.stringify({ methodconfig: [] }), 'methodconfig', 'unknown field'],
    ['{"methodConfig": [', '', 'not valid JSON'],
  ])('points at the field: %s', (text, path, message) => {
    const check = checkServiceConfig(text);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.path).toBe(path);
    expect(check.message).toContain(message);
  });
});
