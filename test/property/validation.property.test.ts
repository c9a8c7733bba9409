// Property tests of the one door into the engine (shared/validation.ts through
// electron/engine/dispatch/validated-dispatch.ts): arbitrary payloads, and valid payloads
// changed in one place, never make it throw; each is either run or refused with
// INVALID_REQUEST naming a field; valid payloads always pass.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, type ChannelName, type WorkbenchApi } from '../../shared/contract';
import { ok, type Result } from '../../shared/result';
import { formatFieldPath, validateRequest } from '../../shared/validation';
import { createValidatedDispatch } from '../../electron/engine/dispatch/validated-dispatch';
import { VALID_REQUESTS } from '../web-host/contract-payloads';

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) };

/** An engine that records what reached it: only validated requests may. */
function recordingEngine() {
  const reached: Array<{ channel: ChannelName; request: unknown }> = [];
  const engine: Pick<WorkbenchApi, 'invoke'> = {
    invoke: ((channel: ChannelName, request: unknown) => {
      reached.push({ channel, request });
      return Promise.resolve(ok(null));
    }) as WorkbenchApi['invoke'],
  };
  return { reached, dispatch: createValidatedDispatch(engine) };
}

const channel = fc.constantFrom(...CHANNEL_NAMES);
// The field part holds no ": " unless quoted, so the first one outside quotes ends it.
const MESSAGE = /^Invalid (\S+) request: (the request itself|(?:[^:"]|"(?:[^"\\]|\\.)*"|:(?! ))+): /;

interface Issue {
  path: string;
  message: string;
}

/** The refusal's shape: INVALID_REQUEST, the message names the first field, every issue has a path. */
function expectNamedRefusal(result: Result<unknown>, name: string): Issue[] {
  if (result.ok) throw new Error('expected a refusal');
  expect(result.error.code).toBe('INVALID_REQUEST');
  const match = MESSAGE.exec(result.error.message);
  expect(match, result.error.message).not.toBeNull();
  expect(match![1]).toBe(name);
  const issues = (result.error.details as { issues?: Issue[] } | undefined)?.issues ?? [];
  expect(issues.length).toBeGreaterThan(0);
  const first = issues[0]!;
  expect(match![2]).toBe(first.path === '' ? 'the request itself' : first.path);
  return issues;
}

type Step = string | number;

/** Every place in a value: [] is the value itself. */
function placesIn(value: unknown, at: Step[] = []): Step[][] {
  const places: Step[][] = [at];
  if (Array.isArray(value)) value.forEach((item, i) => places.push(...placesIn(item, [...at, i])));
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) places.push(...placesIn(item, [...at, key]));
  return places;
}

/** The field path as validation.ts prints it: a.b[2].c, odd keys quoted: a[": "] */
function printed(path: Step[]): string {
  return formatFieldPath(path);
}

type Mutation = { kind: 'replace'; with: unknown } | { kind: 'delete' } | { kind: 'add'; key: string; with: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), with: fc.anything() }),
  fc.record({ kind: fc.constant('delete' as const) }),
  fc.record({ kind: fc.constant('add' as const), key: fc.string({ minLength: 1, maxLength: 8 }), with: fc.anything() }),
);

/** A deep copy of the channel's valid request with one change at the place chosen by `pick`. */
function mutated(name: ChannelName, pick: number, change: Mutation): { payload: unknown; at: Step[] } {
  const root = { value: structuredClone(VALID_REQUESTS[name]) as unknown };
  const places = placesIn(root.value);
  const at = places[pick % places.length]!;
  let parent: Record<string | number, unknown> = root as unknown as Record<string, unknown>;
  let key: string | number = 'value';
  for (const step of at) {
    parent = parent[key] as Record<string | number, unknown>;
    key = step;
  }
  if (change.kind === 'replace') parent[key] = change.with;
  else if (change.kind === 'delete') {
    if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
    else delete parent[key];
  } else {
    const target = parent[key];
    if (typeof target === 'object' && target !== null && !Array.isArray(target)) (target as Record<string, unknown>)[change.key] = change.with;
    else parent[key] = { [change.key]: change.with };
  }
  return { payload: root.value, at };
}

describe('validated dispatch (property)', () => {
  it('every valid payload passes, also after a JSON round trip with its keys in another order', async () => {
    const { reached, dispatch } = recordingEngine();
    await fc.assert(
      fc.asyncProperty(channel, fc.infiniteStream(fc.boolean()), async (name, coin) => {
        const reorder = (value: unknown): unknown => {
          if (Array.isArray(value)) return value.map(reorder);
          if (typeof value !== 'object' || value === null) return value;
          const entries = Object.entries(value).map(([k, v]) => [k, reorder(v)] as const);
          return Object.fromEntries(coin.next().value ? entries.reverse() : entries);
        };
        const payload = reorder(JSON.parse(JSON.stringify(VALID_REQUESTS[name])));
        expect(validateRequest(name, payload).ok).toBe(true);
        const before = reached.length;
        await expect(dispatch(name, payload)).resolves.toEqual(ok(null));
        expect(reached.length).toBe(before + 1);
      }),
      RUNS,
    );
  });

  it('arbitrary payloads never throw: refused as INVALID_REQUEST naming a field, or valid', async () => {
    const { reached, dispatch } = recordingEngine();
    await fc.assert(
      fc.asyncProperty(channel, fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true }), async (name, payload) => {
        const before = reached.length;
        const result = await dispatch(name, payload);
        if (result.ok) {
          expect(validateRequest(name, payload).ok).toBe(true);
          expect(reached.length).toBe(before + 1);
        } else {
          expectNamedRefusal(result, name);
          expect(reached.length).toBe(before); // nothing refused reaches the engine
        }
      }),
      RUNS,
    );
  });

  it('a valid payload changed in one place is run or refused naming that place (or a field inside or around it)', async () => {
    const { reached, dispatch } = recordingEngine();
    await fc.assert(
      fc.asyncProperty(channel, fc.nat(), mutation, async (name, pick, change) => {
        const { payload, at } = mutated(name, pick, change);
        const before = reached.length;
        const result = await dispatch(name, payload);
        if (result.ok) {
          expect(reached.length).toBe(before + 1);
          return;
        }
        expect(reached.length).toBe(before);
        const issues = expectNamedRefusal(result, name);
        const place = printed(at);
        // The changed place, a field inside it (a bad part of what was put there), or one of
        // the objects around it (a union that no longer matches, a key that is now missing).
        const related = (path: string) => path === '' || place === '' || path === place || path.startsWith(`${place}.`) || path.startsWith(`${place}[`) || place.startsWith(`${path}.`) || place.startsWith(`${path}[`);
        expect(issues.some((issue) => related(issue.path)), `${place}: ${JSON.stringify(issues)}`).toBe(true);
      }),
      RUNS,
    );
  });

  it('unknown channels are refused, naming the channel, whatever the payload', async () => {
    const { reached, dispatch } = recordingEngine();
    await fc.assert(
      fc.asyncProperty(fc.anything().filter((c) => !(CHANNEL_NAMES as readonly unknown[]).includes(c)), fc.anything(), async (name, payload) => {
        const result = await dispatch(name, payload);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/^Unknown channel /) });
      }),
      { numRuns: 200 },
    );
    expect(reached).toEqual([]);
  });
});
