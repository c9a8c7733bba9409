// A failed call with google.rpc error details: the code name in Call status and each detail,
// decoded, in the Error details region.
import { expect, test } from '@playwright/test';
import { callStatus, button, expectFinalStatus, openMethod, openWorkbench, saveScreenshot, setRequestBody, startDemoFromUi, useWebHost } from '../support/workbench';

const host = useWebHost();

test('Fail with code 3 and details: INVALID_ARGUMENT, Error details lists BadRequest, ErrorInfo and more', async ({ page }) => {
  await openWorkbench(page, host());
  await startDemoFromUi(page);
  await openMethod(page, 'Fail');
  await setRequestBody(page, '{"code": 3, "message": "bad input", "withDetails": true}');
  await button(page, 'Invoke').click();

  await expectFinalStatus(page, 'INVALID_ARGUMENT');
  await expect(callStatus(page)).toContainText('bad input');
  const details = page.getByRole('region', { name: 'Error details', exact: true });
  for (const type of ['google.rpc.ErrorInfo', 'google.rpc.BadRequest', 'google.rpc.RetryInfo', 'google.rpc.Help', 'google.rpc.LocalizedMessage', 'google.rpc.DebugInfo']) {
    await expect(details).toContainText(type);
  }
  // Decoded, not just named: the fields of the details are there.
  await expect(details).toContainText('DEMO_FAILURE');
  await expect(details).toContainText('The request asked to fail with INVALID_ARGUMENT.');
  await saveScreenshot(page, 'rich-error');
});
