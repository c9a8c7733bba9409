import { describe, expect, it } from 'vitest';
import { createLaunchCodes, LAUNCH_CODE_TTL_MS } from './launch-codes';

describe('launch codes', () => {
  it('works once, then never again', () => {
    const codes = createLaunchCodes();
    const code = codes.issue();
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(codes.redeem(code)).toBe(true);
    expect(codes.redeem(code)).toBe(false);
  });

  it('expires after the TTL (60 s by default)', () => {
    expect(LAUNCH_CODE_TTL_MS).toBe(60_000);
    let now = 1_000;
    const codes = createLaunchCodes(LAUNCH_CODE_TTL_MS, () => now);
    const early = codes.issue();
    const late = codes.issue();
    now += LAUNCH_CODE_TTL_MS - 1;
    expect(codes.redeem(early)).toBe(true);
    now += 1;
    expect(codes.redeem(late)).toBe(false);
  });

  it('refuses what it did not issue', () => {
    const codes = createLaunchCodes();
    const code = codes.issue();
    for (const presented of [undefined, null, 42, '', code.slice(1), `${code}x`, [code]]) expect(codes.redeem(presented)).toBe(false);
    expect(codes.redeem(code)).toBe(true);
  });

  it('keeps every issued code apart', () => {
    const codes = createLaunchCodes();
    const issued = [codes.issue(), codes.issue(), codes.issue()];
    expect(new Set(issued).size).toBe(3);
    expect(issued.map((code) => codes.redeem(code))).toEqual([true, true, true]);
  });
});
