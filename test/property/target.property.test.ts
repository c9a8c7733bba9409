// Property tests of the server-address parser (electron/engine/transport/target.ts): whatever
// is typed, it answers; what it accepts, grpc-js can build a channel for (no connection is
// made: channels stay idle until asked to connect); ports outside 1-65535 are refused.
import { Channel, credentials } from '@grpc/grpc-js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTarget } from '../../electron/engine/transport/target';

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 400) };

const host = fc.oneof(fc.domain(), fc.ipV4(), fc.ipV6().map((v6) => `[${v6}]`), fc.constantFrom('localhost', 'LOCALHOST', 'a', 'x_y'));
const port = fc.integer({ min: 1, max: 65_535 });
const prefix = fc.array(fc.stringMatching(/^[A-Za-z0-9._~-]{1,8}$/), { maxLength: 3 }).map((parts) => parts.map((p) => `/${p}`).join(''));

/** Targets as people write them, in every accepted spelling, plus near misses. */
const targetLike = fc.oneof(
  fc.tuple(host, port).map(([h, p]) => `${h}:${p}`),
  fc.tuple(fc.constantFrom('dns:///', 'dns:', 'DNS:///'), host, port).map(([s, h, p]) => `${s}${h}:${p}`),
  fc.tuple(fc.constantFrom('http://', 'https://', 'HTTPS://'), host, fc.option(port), prefix).map(([s, h, p, x]) => `${s}${h}${p === null ? '' : `:${p}`}${x}`),
  fc.array(fc.tuple(fc.ipV4(), port), { minLength: 1, maxLength: 3 }).map((list) => `ipv4:${list.map(([a, p]) => `${a}:${p}`).join(',')}`),
  fc.array(fc.tuple(fc.ipV6(), port), { minLength: 1, maxLength: 3 }).map((list) => `ipv6:${list.map(([a, p]) => `[${a}]:${p}`).join(',')}`),
  fc.tuple(fc.constantFrom('unix:///', 'unix:/', 'unix:'), fc.stringMatching(/^[A-Za-z0-9._/-]{1,20}$/)).map(([s, p]) => `${s}${p}`),
  fc.tuple(host, fc.string({ maxLength: 6 })).map(([h, tail]) => `${h}:${tail}`),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

describe('parseTarget (property)', () => {
  it('never throws, and answers ok or BAD_TARGET with the address in the message', () => {
    fc.assert(
      fc.property(fc.oneof(targetLike, fc.string({ unit: 'binary', maxLength: 60 })), (input) => {
        const result = parseTarget(input);
        if (!result.ok) {
          expect(result.error.code).toBe('BAD_TARGET');
          expect(result.error.message.length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });

  it('every accepted target has a canonical form that parses to itself and that grpc-js can build a channel for', () => {
    fc.assert(
      fc.property(targetLike, (input) => {
        const first = parseTarget(input);
        if (!first.ok) return;
        const again = parseTarget(first.value.uri);
        expect(again.ok, `${input} -> ${first.value.uri}`).toBe(true);
        if (!again.ok) return;
        expect(again.value.uri).toBe(first.value.uri);
        expect(again.value.scheme).toBe(first.value.scheme);
        // grpc-js throws here for a target it cannot parse or has no resolver for.
        const channel = new Channel(first.value.uri, credentials.createInsecure(), {});
        channel.close();
      }),
      RUNS,
    );
  });

  it('refuses host:port with a port outside 1-65535, naming the port', () => {
    const badPort = fc.oneof(fc.constant(0), fc.integer({ min: 65_536, max: 99_999 }));
    fc.assert(
      fc.property(fc.oneof(fc.domain(), fc.ipV4(), fc.ipV6().map((v6) => `[${v6}]`)), badPort, fc.constantFrom('', 'dns:///', 'https://'), (h, p, scheme) => {
        const result = parseTarget(`${scheme}${h}:${p}`);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.message).toContain(`the port ${p} is outside 1-65535`);
      }),
      RUNS,
    );
  });

  it('refuses negative and over-long ports as not a number', () => {
    fc.assert(
      fc.property(fc.domain(), fc.oneof(fc.integer({ min: -99_999, max: -1 }), fc.integer({ min: 100_000, max: 2 ** 31 })), (h, p) => {
        const result = parseTarget(`${h}:${p}`);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.message).toContain(`the port "${p}" is not a number`);
      }),
      RUNS,
    );
  });
});
