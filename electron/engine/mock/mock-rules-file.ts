import { resolve } from 'node:path';
import { COLLECTION_FILE_NAME } from '../../../shared/collection';
import { MOCK_RULES_FILE_NAME, type MockMethodRule, type MockRules } from '../../../shared/mock';
import { mockRulesSchema } from '../../../shared/mock-rules-schema';
import { err, ok, type Result } from '../../../shared/result';
import { readCollectionFile } from '../collections/collection-file-read';
import { insideFolder } from '../collections/collection-paths';
import { writeFileAtomic } from '../workspace/atomic-file';

/**
 * A collection's mock rules: grpc-mock.json beside grpc-collection.yaml. Written with rules
 * sorted by method and keys in one order, so a diff shows only what changed; a file that is
 * there but cannot be read or parsed is named and never overwritten.
 */
export async function readMockRules(givenFolder: string): Promise<Result<MockRules>> {
  const read = await readRulesText(resolve(givenFolder));
  if (!read.ok) return read;
  return read.value === null ? ok({ methods: [] }) : parseMockRules(read.value);
}

export async function writeMockRules(givenFolder: string, rules: MockRules): Promise<Result<null>> {
  const folder = resolve(givenFolder);
  const current = await readRulesText(folder);
  if (!current.ok) return current;
  if (current.value !== null) {
    const parsed = parseMockRules(current.value);
    if (!parsed.ok) return err('IO', `${parsed.error.message} Fix the file first: it is not rewritten while it cannot be read.`, { broken: true });
  }
  const text = mockRulesText(rules);
  if (current.value === text) return ok(null);
  try {
    await writeFileAtomic(insideFolder(folder, MOCK_RULES_FILE_NAME), text);
  } catch (error) {
    return err('IO', `${MOCK_RULES_FILE_NAME} could not be saved in ${folder}: ${(error as Error).message}`);
  }
  return ok(null);
}

export function parseMockRules(text: string): Result<MockRules> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return err('BAD_JSON', `${MOCK_RULES_FILE_NAME} is not valid JSON: ${(error as Error).message}.`);
  }
  const parsed = mockRulesSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    return err('BAD_JSON', `${MOCK_RULES_FILE_NAME}: ${path === '' ? '' : `${path}: `}${issue?.message ?? 'not mock rules'}.`, { path });
  }
  return ok(parsed.data);
}

/** The stable text: rules by method, each rule's keys in the order of MockMethodRule. */
export function mockRulesText(rules: MockRules): string {
  const methods = [...rules.methods]
    .sort((a, b) => (a.method < b.method ? -1 : a.method > b.method ? 1 : 0))
    .map((rule): MockMethodRule => ({
      method: rule.method,
      status: rule.status === null ? null : { code: rule.status.code, message: rule.status.message, detailsJson: rule.status.detailsJson },
      latencyMs: rule.latencyMs,
      messageCount: rule.messageCount,
      intervalMs: rule.intervalMs,
      responseJson: rule.responseJson,
    }));
  return `${JSON.stringify({ methods }, null, 2)}\n`;
}

/** The file's text, null when there is none yet; refused when the folder is no collection. */
async function readRulesText(folder: string): Promise<Result<string | null>> {
  const isCollection = await collectionProblem(folder);
  if (isCollection !== null) return isCollection;
  const read = await readCollectionFile(insideFolder(folder, MOCK_RULES_FILE_NAME), MOCK_RULES_FILE_NAME);
  if (!read.ok) return read.missing ? ok(null) : err('IO', read.message);
  return ok(read.bytes.toString('utf8'));
}

async function collectionProblem(folder: string): Promise<Result<never> | null> {
  const root = await readCollectionFile(insideFolder(folder, COLLECTION_FILE_NAME), COLLECTION_FILE_NAME);
  if (root.ok) return null;
  if (root.missing) return err('NOT_FOUND', `${folder} is not a collection (it has no ${COLLECTION_FILE_NAME}); open or create the collection first.`);
  return err('IO', root.message);
}
