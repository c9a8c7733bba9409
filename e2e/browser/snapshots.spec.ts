// Stream snapshots in the app: a saved CountUp request records its stream with Save as snapshot;
// the next run matches (its timestamps ignored by $.sentAt); a message edited in the file on disk,
// a removed ignore path or a shorter stream make status Snapshot say where it differs.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { button, expectFinalStatus, openMethod, openWorkbench, saveScreenshot, setRequestBody, startDemoFromUi, useWebHost } from '../support/workbench';

const host = useWebHost();

let folder = '';
test.beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'gw-snapshots-'));
});
test.afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

test('Save as snapshot after a server stream; a re-run matches; a drifted field or a missing message is named', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'CountUp');
  await setRequestBody(page, '{"count": 5}');

  await button(page, 'New collection').click();
  const create = page.getByRole('dialog', { name: 'New collection', exact: true });
  await create.getByRole('textbox', { name: 'Collection folder', exact: true }).fill(folder);
  await create.getByRole('textbox', { name: 'Collection name', exact: true }).fill('Streams');
  await create.getByRole('button', { name: 'Create', exact: true }).click();
  await button(page, 'Save request').click();
  const save = page.getByRole('dialog', { name: 'Save request', exact: true });
  await save.getByRole('textbox', { name: 'Request name', exact: true }).fill('Count five');
  await save.getByRole('button', { name: 'Save', exact: true }).click();

  const status = page.getByRole('status', { name: 'Snapshot', exact: true });
  await expect(status).toHaveText('No snapshot yet');
  const ignore = page.getByRole('textbox', { name: 'Snapshot ignore paths', exact: true });
  await ignore.fill('sentAt');
  await expect(page.getByRole('alert').filter({ hasText: 'must start with "$"' })).toBeVisible();
  await ignore.fill('$.sentAt');

  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  await button(page, 'Save as snapshot').click();
  await expect(status).toHaveText('matches (5 messages)');
  const file = JSON.parse(await readFile(join(folder, 'Count five.snapshot.json'), 'utf8')) as { ignore: string[]; messages: unknown[] };
  expect(file.ignore).toEqual(['$.sentAt']);
  expect(file.messages).toHaveLength(5);

  // A new call is compared once it ends (a comparison belongs to one call, so this is the new one).
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  await expect(status).toHaveText('matches (5 messages)');
  const log = page.getByRole('log', { name: 'Stream messages', exact: true });
  await expect(log.getByRole('article')).toHaveCount(6);
  await saveScreenshot(page, 'snapshot-matches');

  // The file edited on disk (an editor, git pull) is read again and the last call compared with it.
  const snapshotFile = join(folder, 'Count five.snapshot.json');
  const recorded = await readFile(snapshotFile, 'utf8');
  const edited = JSON.parse(recorded) as { messages: { index: number; json: Record<string, unknown> }[] };
  edited.messages[2]!.json['index'] = 7;
  await writeFile(snapshotFile, JSON.stringify(edited, null, 2));
  await expect(status).toHaveText('differs at message 2, $.index: expected 7 got 2');
  await saveScreenshot(page, 'snapshot-edited-on-disk');
  await writeFile(snapshotFile, recorded);
  await expect(status).toHaveText('matches (5 messages)');

  // Without the ignore path the timestamps differ, at the first message.
  await ignore.fill('');
  await ignore.blur();
  await expect(status).toHaveText(/^differs at message 0, \$\.sentAt: expected "[^"]+" got "[^"]+"$/);
  await expect.poll(async () => (JSON.parse(await readFile(join(folder, 'Count five.snapshot.json'), 'utf8')) as { ignore: string[] }).ignore).toEqual([]);
  await saveScreenshot(page, 'snapshot-differs');

  await ignore.fill('$.sentAt');
  await ignore.blur();
  await expect(status).toHaveText('matches (5 messages)');
  await setRequestBody(page, '{"count": 4}');
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  await expect(status).toHaveText('differs: expected 5 messages, got 4 (message 4 is missing)');
});
