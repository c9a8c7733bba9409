// Responses that do not match the imported proto, from a server the spec runs itself: it
// describes the old shop.proto over reflection but sends bytes of the newer one (unknown fields
// at every level, an Any of a type only its reflection knows), then bytes of no valid Order,
// then a plain Order. The Messages log shows all three, each for what it is.
import { expect, test, type Page } from '@playwright/test';
import { fromJson, toBinary } from '@bufbuild/protobuf';
import { compileShop, orderBytes } from '../../test/support/evolving-shop';
import { startRawBytesServer, statusDetailsBin, type RawBytesServer } from '../../test/support/raw-bytes-server';
import { removeTempDirs } from '../../electron/engine/protos/test-fixtures/test-helpers';
import { button, expectFinalStatus, messageCounts, methodItem, openMethod, openWorkbench, saveScreenshot, textbox, useWebHost } from '../support/workbench';

const host = useWebHost();
let server: RawBytesServer | null = null;
/** Get fails with FAILED_PRECONDITION and two details: a Coupon (only its reflection knows it) and a type nobody knows. */
let failing: RawBytesServer | null = null;
/** A length prefix of 255 followed by plain text: what a server sending the wrong thing may put on the wire. */
const NOT_AN_ORDER = new Uint8Array([0x0a, 0xff, 0x01, ...new TextEncoder().encode('this is not an Order at all, just some text')]);
/** 5,000 bytes of no Order (a 100,000-byte length prefix), more than the hex view shows at first. */
const BIG_NOT_AN_ORDER = new Uint8Array([0x0a, 0xa0, 0x8d, 0x06, ...new Uint8Array(4_996).fill(0x41)]);

test.beforeAll(async () => {
  const [oldSet, newSet] = await Promise.all([compileShop('old'), compileShop('new')]);
  server = await startRawBytesServer({ get: orderBytes(newSet), watch: [orderBytes(newSet), NOT_AN_ORDER, BIG_NOT_AN_ORDER, orderBytes(oldSet, { id: 'after' })] });
  const coupon = newSet.registry.getMessage('promo.v1.Coupon');
  if (!coupon) throw new Error('no Coupon');
  const details = statusDetailsBin(9, 'not now', [
    { typeUrl: 'type.googleapis.com/promo.v1.Coupon', value: toBinary(coupon, fromJson(coupon, { code: 'TRY-LATER' })) },
    { typeUrl: 'type.googleapis.com/acme.v1.Nobody', value: new Uint8Array([8, 1]) },
  ]);
  failing = await startRawBytesServer({ get: new Uint8Array(), watch: [], getFailure: { code: 9, message: 'not now', statusDetailsBin: details } });
});
test.afterAll(async () => {
  await server?.stop();
  await failing?.stop();
  removeTempDirs();
});

async function reflect(page: Page, address: string): Promise<void> {
  await textbox(page, 'Server address').fill(address);
  await button(page, 'Import protos').click();
  const dialog = page.getByRole('dialog', { name: 'Import protos', exact: true });
  await dialog.getByRole('button', { name: 'Use server reflection', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(methodItem(page, 'Watch')).toBeVisible();
}

test('the Messages log shows unknown fields of a newer server and a hex view of bytes that are no Order; the stream goes on', async ({ page }) => {
  const address = server?.address ?? '';
  await openWorkbench(page, host());
  await reflect(page, address);

  await openMethod(page, 'Watch');
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'OK');
  await expect(messageCounts(page)).toHaveText('1 sent · 4 received');

  const log = page.getByRole('log', { name: 'Stream messages', exact: true });
  // The row whose index reads exactly #n (field numbers in an expanded row read #n too).
  const received = (index: number) =>
    log.getByRole('article').filter({ hasText: 'received' }).filter({ has: page.locator('.message-index', { hasText: new RegExp(`^#${index}$`) }) });
  const newer = received(0);
  await expect(newer).toContainText('10 unknown fields');
  await newer.getByRole('button', { name: 'Expand', exact: true }).click();
  // The Any of a type only the server's reflection knows is decoded: asked for and found.
  await expect(newer).toContainText('"code": "SAVE10"');
  const unknown = newer.getByRole('region', { name: 'Unknown fields', exact: true });
  await expect(unknown).toBeVisible();
  await expect(unknown.getByRole('row').filter({ hasText: 'address' })).toContainText('"69001"');
  await expect(unknown.getByRole('row').filter({ hasText: 'items[1]' })).toContainText('varint');
  await expect(unknown.getByRole('row').filter({ hasText: '#11' })).toContainText('00 01 02 ff');
  await newer.scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'unknown-fields');

  const wrong = received(1);
  await expect(wrong).toContainText(`These ${NOT_AN_ORDER.length} bytes are not a valid evolve.v1.Order: premature EOF`);
  await wrong.getByRole('button', { name: 'Expand', exact: true }).click();
  const hex = wrong.getByLabel('Bytes (hex)', { exact: true });
  await expect(hex).toContainText('00000000  0a ff 01 74 68 69 73 20  69 73 20 6e 6f 74 20 61  |...this is not a|');

  // Past 4 KiB the hex view stops and offers the rest.
  const big = received(2);
  await big.getByRole('button', { name: 'Expand', exact: true }).click();
  await expect(big).toContainText('Showing the first 4,096 of 5,000 bytes.');
  const bigHex = big.getByLabel('Bytes (hex)', { exact: true });
  await expect(bigHex).not.toContainText('00001380');
  await big.getByRole('button', { name: 'Show all 5,000 bytes', exact: true }).click();
  await expect(bigHex).toContainText('00001380  41 41 41 41 41 41 41 41');
  await big.getByRole('button', { name: 'Collapse', exact: true }).click();

  // The stream went on after the bytes that were no Order.
  await expect(received(3)).toContainText('"id":"after"');
  // Two rows expanded: each keeps its own height, none is drawn over the next.
  const newerBox = await newer.boundingBox();
  const wrongBox = await wrong.boundingBox();
  expect((newerBox?.y ?? 0) + (newerBox?.height ?? 0)).toBeLessThanOrEqual((wrongBox?.y ?? 0) + 1);
  await wrong.scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'unknown-fields-hex');
});

test('Error details decode a detail type only the server reflection knows, and show one nobody knows as its bytes with a note', async ({ page }) => {
  await openWorkbench(page, host());
  await reflect(page, failing?.address ?? '');
  await openMethod(page, 'Get');
  // A Get tab restored from the first test keeps the address it had: point it at this server.
  await textbox(page, 'Server address').fill(failing?.address ?? '');
  await button(page, 'Invoke').click();
  await expectFinalStatus(page, 'FAILED_PRECONDITION');
  const details = page.getByRole('region', { name: 'Error details', exact: true });
  await expect(details).toContainText('promo.v1.Coupon');
  await expect(details).toContainText('"code": "TRY-LATER"');
  await expect(details).toContainText('"@type": "type.googleapis.com/acme.v1.Nobody"');
  await expect(details).toContainText('"value": "CAE="');
  await expect(details).toContainText("This detail's type, type.googleapis.com/acme.v1.Nobody, is in no loaded proto");
  await saveScreenshot(page, 'unknown-detail');
});
