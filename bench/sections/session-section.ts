import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../lib/browser';
import { clickResponseTabs, installClickToFrameProbe, typeInRequestBody } from '../lib/click-to-frame';
import { startDemoProcess, type DemoProcess } from '../lib/demo-process';
import { rendererMemoryAfterGc, writeHeapSnapshot, type RendererMemory } from '../lib/renderer-memory';
import type { Row } from '../lib/report';
import { errorText, type Section } from '../lib/section';
import { FULL_SESSION, sessionPlan, unaryCallsOf, type SessionPlan } from '../lib/session-plan';
import { percentile, sortedCopy, summarize } from '../lib/stats';
import { installUiCallProbe, invokeThroughUi } from '../lib/ui-calls';
import { invokeAndCount, openApp, openMethod, setRequestBody, startDemoFromUi, waitForAppShell } from '../lib/ui-driver';
import { missingBuild, startWebShell, type WebShell } from '../lib/web-shell';

const STEP_TIMEOUT_MS = 20_000;
const UNARY_TIMEOUT_MS = 15_000;
const STREAM_CUTOFF_MS = 60_000;
/** Input-to-frame is sampled in rounds; each round's p95 is one run of the row. */
const CLICK_ROUNDS = 5;
/** Per round and request tab: a multiple of the tab cycle, so every round ends on Messages. */
const CLICKS_PER_TAB = 24;
const RESPONSE_TAB_CYCLE = ['Timing', 'Connection', 'Headers', 'Messages'] as const;
/** Per round: characters typed into the Echo tab's request body, then deleted again. */
const KEYS_PER_ROUND = 12;
const ECHO_BODY = '{"message": "hello from a long session"}';

interface InputRounds {
  p95PerRound: number[];
  all: number[];
}

function addRound(into: InputRounds, samples: readonly number[]): void {
  into.p95PerRound.push(percentile(sortedCopy(samples), 95));
  into.all.push(...samples);
}

/** Click-to-frame and key-to-frame, measured at one point of the session. */
interface Responsiveness {
  clicks: InputRounds;
  keys: InputRounds;
}

interface SessionResult {
  plan: SessionPlan;
  heapAtMark: RendererMemory;
  heapAtEnd: RendererMemory;
  /** Heap after GC at the reference point, every 5th round (500 calls) and the end: the growth curve. */
  curve: { calls: number; memory: RendererMemory }[];
  atStart: Responsiveness;
  atMark: Responsiveness;
  atEnd: Responsiveness;
  notOk: Map<string, number>;
  streamsCut: number;
  gestures: { click: number; shortcut: number };
  minutes: number;
}

async function selectRequestTab(page: Page, method: string): Promise<void> {
  await page.getByRole('tree', { name: 'Services' }).getByRole('treeitem', { name: method, exact: true }).first().click();
}

/** CLICK_ROUNDS rounds of response-tab clicks in the Echo and the CountUp tab, and of typing into the Echo tab's body. */
async function measureResponsiveness(page: Page): Promise<Responsiveness> {
  const result: Responsiveness = { clicks: { p95PerRound: [], all: [] }, keys: { p95PerRound: [], all: [] } };
  for (let round = 0; round < CLICK_ROUNDS; round += 1) {
    const clicks: number[] = [];
    await selectRequestTab(page, 'CountUp');
    clicks.push(...(await clickResponseTabs(page, CLICKS_PER_TAB, RESPONSE_TAB_CYCLE)));
    await selectRequestTab(page, 'Echo');
    clicks.push(...(await clickResponseTabs(page, CLICKS_PER_TAB, RESPONSE_TAB_CYCLE)));
    addRound(result.clicks, clicks);
    addRound(result.keys, await typeInRequestBody(page, KEYS_PER_ROUND));
  }
  return result;
}

async function runSession(browser: Browser, shell: WebShell, demo: DemoProcess, plan: SessionPlan, log: (m: string) => void): Promise<SessionResult> {
  const startedAt = performance.now();
  const app = await openApp(browser, shell.url);
  const { page } = app;
  try {
    await waitForAppShell(page, STEP_TIMEOUT_MS);
    await startDemoFromUi(page, STEP_TIMEOUT_MS);
    await openMethod(page, 'CountUp', demo.address);
    await setRequestBody(page, `{"count": ${plan.messagesPerStream}}`);
    await openMethod(page, 'Echo', demo.address);
    await setRequestBody(page, ECHO_BODY);
    await installClickToFrameProbe(page);
    await installUiCallProbe(page);

    const snapshotDir = process.env.BENCH_SESSION_SNAPSHOTS;
    const notOk = new Map<string, number>();
    const gestures = { click: 0, shortcut: 0 };
    const curve: SessionResult['curve'] = [];
    let streamsCut = 0;
    let atStart: Responsiveness | null = null;
    let atMark: Responsiveness | null = null;
    let heapAtMark: RendererMemory | null = null;
    let heapAtEnd: RendererMemory | null = null;
    for (let round = 1; round <= plan.rounds; round += 1) {
      await selectRequestTab(page, 'Echo');
      for (let i = 0; i < plan.unaryPerRound; i += 1) {
        // Half the calls by clicking Invoke, half by Ctrl+Enter, as users mix them.
        const gesture = i % 2 === 0 ? 'click' : 'shortcut';
        gestures[gesture] += 1;
        const status = await invokeThroughUi(page, gesture, UNARY_TIMEOUT_MS);
        if (status === 'timed out') throw new Error(`unary call ${unaryCallsOf(plan, round - 1) + i + 1} did not end within ${UNARY_TIMEOUT_MS / 1000} s`);
        if (status !== 'OK') notOk.set(status, (notOk.get(status) ?? 0) + 1);
      }
      await selectRequestTab(page, 'CountUp');
      const stream = await invokeAndCount(page, plan.messagesPerStream, STREAM_CUTOFF_MS);
      if (stream.cut) streamsCut += 1;
      if (app.errors.length > 0) throw new Error(`page error: ${app.errors[0]}`);

      const calls = unaryCallsOf(plan, round);
      // Memory first, right after the round: the probes' own clicks come after it.
      const isMark = round === plan.heapMarkRound;
      if (isMark || round % 5 === 0 || round === plan.rounds) {
        const memory = await rendererMemoryAfterGc(page);
        if (isMark) heapAtMark = memory;
        if (round === plan.rounds) heapAtEnd = memory;
        curve.push({ calls, memory });
        const minutes = (performance.now() - startedAt) / 60_000;
        log(`  ${calls} calls, ${round} streams (last: ${stream.received} in ${(stream.ms / 1000).toFixed(1)} s${stream.cut ? ', cut' : ''}): heap ${memory.jsHeapMb.toFixed(1)} MB, ${memory.domNodes} nodes, ${memory.listeners} listeners, ${minutes.toFixed(1)} min`);
      }
      if (snapshotDir && (isMark || round === plan.rounds)) await writeHeapSnapshot(page, join(snapshotDir, `session-${calls}-calls.heapsnapshot`));
      if (round === 1) atStart = await measureResponsiveness(page);
      if (isMark) atMark = await measureResponsiveness(page);
    }
    const atEnd = await measureResponsiveness(page);
    if (!atStart || !atMark || !heapAtMark || !heapAtEnd) throw new Error('the session ended before its reference points');
    return { plan, heapAtMark, heapAtEnd, curve, atStart, atMark, atEnd, notOk, streamsCut, gestures, minutes: (performance.now() - startedAt) / 60_000 };
  } finally {
    await app.context.close().catch(() => undefined);
  }
}

function sessionName(plan: SessionPlan): string {
  const calls = unaryCallsOf(plan).toLocaleString('en-US');
  const messages = plan.messagesPerStream.toLocaleString('en-US');
  return `${calls} unary calls + ${plan.rounds} streams of ${messages} in one page${plan.scale < 1 ? ` (scaled ${plan.scale})` : ''}`;
}

const heapWhat = (plan: SessionPlan) => `4 Long session (${sessionName(plan)}): renderer JS heap at the end vs after ${unaryCallsOf(plan, plan.heapMarkRound).toLocaleString('en-US')} calls`;
const clickWhat = (plan: SessionPlan) => `4 Long session (${sessionName(plan)}): click to next frame, p95, at the end vs at the start`;
const keyWhat = (plan: SessionPlan) => `4 Long session (${sessionName(plan)}): key press in the request editor to next frame, p95, at the end vs at the start`;
const HEAP_TARGET = { kind: 'ratio-at-most', value: 1.2 } as const;
const CLICK_TARGET = { kind: 'ratio-at-most', value: 1.2 } as const;

function commonNotes(r: SessionResult): string {
  const failures = [...r.notOk].map(([code, n]) => `${n} ${code}`).join(', ');
  return [
    `${r.minutes.toFixed(1)} min`,
    `Invoke clicked ${r.gestures.click}×, Ctrl+Enter ${r.gestures.shortcut}×`,
    failures ? `not OK: ${failures}` : 'every unary call OK',
    r.streamsCut > 0 ? `${r.streamsCut} streams cut at ${STREAM_CUTOFF_MS / 1000} s` : 'every stream complete',
  ].join('; ');
}

function rowsOf(r: SessionResult): Row[] {
  const markCalls = unaryCallsOf(r.plan, r.plan.heapMarkRound).toLocaleString('en-US');
  const curve = r.curve.map((p) => `${p.calls}: ${p.memory.jsHeapMb.toFixed(1)}`).join(', ');
  const ms = (values: readonly number[], p: number) => percentile(sortedCopy(values), p).toFixed(1);
  const start = `the same page after its first ${r.plan.unaryPerRound} calls and stream`;
  return [
    {
      section: 'session',
      what: heapWhat(r.plan),
      unit: 'MB',
      ours: summarize([r.heapAtEnd.jsHeapMb]),
      baseline: summarize([r.heapAtMark.jsHeapMb]),
      baselineName: `the same page after ${markCalls} calls`,
      target: HEAP_TARGET,
      note: `CDP HeapProfiler.collectGarbage ×2 then Performance.getMetrics JSHeapUsedSize; MB after calls: ${curve}; DOM nodes ${r.heapAtMark.domNodes} → ${r.heapAtEnd.domNodes}, listeners ${r.heapAtMark.listeners} → ${r.heapAtEnd.listeners}; ${commonNotes(r)}`,
    },
    {
      section: 'session',
      what: clickWhat(r.plan),
      unit: 'ms',
      ours: summarize(r.atEnd.clicks.p95PerRound),
      baseline: summarize(r.atStart.clicks.p95PerRound),
      baselineName: start,
      target: CLICK_TARGET,
      note: `click on a response tab (Timing, Connection, Headers, Messages, in the CountUp and the Echo tab) to the task after the next requestAnimationFrame; n = rounds of ${CLICKS_PER_TAB * 2} clicks; median click ${ms(r.atStart.clicks.all, 50)} → ${ms(r.atEnd.clicks.all, 50)} ms; p95 after ${markCalls} calls ${ms(r.atMark.clicks.all, 95)} ms`,
    },
    {
      section: 'session',
      what: keyWhat(r.plan),
      unit: 'ms',
      ours: summarize(r.atEnd.keys.p95PerRound),
      baseline: summarize(r.atStart.keys.p95PerRound),
      baselineName: start,
      target: CLICK_TARGET,
      note: `key down in the Echo tab's Request body (Monaco) to the task after the next requestAnimationFrame; n = rounds of ${KEYS_PER_ROUND} characters and ${KEYS_PER_ROUND} Backspaces; median key ${ms(r.atStart.keys.all, 50)} → ${ms(r.atEnd.keys.all, 50)} ms; p95 after ${markCalls} calls ${ms(r.atMark.keys.all, 95)} ms`,
    },
  ];
}

/**
 * A user's day in one page of the browser shell (headless Chromium, the built web host and
 * renderer, the demo server in its own process): does the page keep its memory and its
 * responsiveness after thousands of calls?
 */
export const sessionSection: Section = {
  name: 'session',
  title: `Long session in the browser shell (${FULL_SESSION.unaryCalls.toLocaleString('en-US')} unary calls, ${FULL_SESSION.streams} streams of ${FULL_SESSION.messagesPerStream.toLocaleString('en-US')})`,
  typicalMs: 420_000,
  outsideBudget: true,
  async run({ tmpDir, log }) {
    const plan = sessionPlan(process.env.BENCH_SESSION_SCALE);
    const notMeasured = (reason: string): Row[] => [
      { section: 'session', what: heapWhat(plan), unit: 'MB', ours: null, baseline: null, baselineName: '', target: HEAP_TARGET, note: `not measured: ${reason}` },
      { section: 'session', what: clickWhat(plan), unit: 'ms', ours: null, baseline: null, baselineName: '', target: CLICK_TARGET, note: `not measured: ${reason}` },
      { section: 'session', what: keyWhat(plan), unit: 'ms', ours: null, baseline: null, baselineName: '', target: CLICK_TARGET, note: `not measured: ${reason}` },
    ];
    const missing = missingBuild();
    if (missing) return notMeasured(missing);
    const demo = await startDemoProcess();
    let shell: WebShell | null = null;
    let browser: Browser | null = null;
    try {
      shell = await startWebShell(tmpDir, { requireBuilt: true });
      browser = await launchChromium(['--disable-gpu']);
      return rowsOf(await runSession(browser, shell, demo, plan, log));
    } catch (error) {
      return notMeasured(errorText(error));
    } finally {
      await browser?.close().catch(() => undefined);
      await shell?.stop();
      await demo.stop();
    }
  },
};
