import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createOriginPolicy, isLoopbackHost, urlHost } from './origin-policy';

describe('createOriginPolicy', () => {
  it('accepts 127.0.0.1 and localhost with the exact port when bound to 127.0.0.1', () => {
    const policy = createOriginPolicy('127.0.0.1', 7450);
    expect(policy.hosts).toEqual(['127.0.0.1:7450', 'localhost:7450']);
    expect(policy.isAllowedHost('127.0.0.1:7450')).toBe(true);
    expect(policy.isAllowedHost('LOCALHOST:7450')).toBe(true);
    expect(policy.isAllowedHost('127.0.0.1')).toBe(false);
    expect(policy.isAllowedHost('127.0.0.1:7451')).toBe(false);
    expect(policy.isAllowedHost('evil.example:7450')).toBe(false);
    expect(policy.isAllowedHost(undefined)).toBe(false);
    expect(policy.isAllowedOrigin('http://127.0.0.1:7450')).toBe(true);
    expect(policy.isAllowedOrigin('http://localhost:7450')).toBe(true);
    expect(policy.isAllowedOrigin('https://127.0.0.1:7450')).toBe(false);
    expect(policy.isAllowedOrigin('http://evil.example:7450')).toBe(false);
    expect(policy.isAllowedOrigin('null')).toBe(false);
    expect(policy.isAllowedOrigin(undefined)).toBe(false);
  });

  it('brackets IPv6 loopback', () => {
    const policy = createOriginPolicy('::1', 9000);
    expect(policy.hosts).toEqual(['[::1]:9000', 'localhost:9000']);
    expect(policy.isAllowedOrigin('http://[::1]:9000')).toBe(true);
  });

  it('accepts only the given name for a non-loopback host', () => {
    const policy = createOriginPolicy('192.0.2.10', 7450);
    expect(policy.hosts).toEqual(['192.0.2.10:7450']);
    expect(policy.isAllowedHost('localhost:7450')).toBe(false);
  });

  it("accepts every one of this machine's addresses when bound to all interfaces", () => {
    const policy = createOriginPolicy('0.0.0.0', 7450);
    for (const address of Object.values(networkInterfaces()).flat()) {
      if (address) expect(policy.isAllowedHost(`${urlHost(address.address)}:7450`)).toBe(true);
    }
    expect(policy.isAllowedHost('localhost:7450')).toBe(true);
    expect(policy.isAllowedHost('evil.example:7450')).toBe(false);
  });

  it('accepts the bare host on port 80, where browsers omit the port', () => {
    const policy = createOriginPolicy('127.0.0.1', 80);
    expect(policy.isAllowedHost('127.0.0.1')).toBe(true);
    expect(policy.isAllowedOrigin('http://localhost')).toBe(true);
  });
});

describe('isLoopbackHost', () => {
  it('knows loopback names and addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'].map(isLoopbackHost)).toEqual([true, true, true, true, true]);
    expect(['0.0.0.0', '192.168.1.1', '::', 'example.com', '127.example.com'].map(isLoopbackHost)).toEqual([false, false, false, false, false]);
  });
});
