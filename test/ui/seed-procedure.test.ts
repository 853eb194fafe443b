/**
 * The seed procedure in a real browser (chromium through playwright-core), against the real server:
 * sign in by keyboard; find the demo key in the BTP cockpit (account explorer > subaccount > Instances and
 * Subscriptions > instance > service keys), view it masked, download it; in Landscape Management delete the
 * provisioned copy, upload the downloaded file (format check first), Test it green; delete the binding in BTP
 * and see the copy flagged "deleted in BTP" and its Test red; delete the copy; sign out. No console error or
 * warning on the way, and the key's secret never reaches the console, the storage, the page (until revealed)
 * or a screenshot.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signIn, startTestServer } from '../support/server.js';
import { ADMIN_PASSWORD } from '../support/landscape.js';
import {
  allText,
  assertControlsLabelled,
  assertNoStorage,
  launch,
  openPage,
  screenshot,
  signInWithKeyboard,
} from './browser.js';

test('browser: the seed procedure from the BTP cockpit to a green key in Landscape Management and back', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  const browser = await launch();
  try {
    const { page, console } = await openPage(browser, t.server.url);

    // the page carries its security headers
    const index = await page.request.get('/');
    assert.match(index.headers()['content-security-policy'] ?? '', /script-src 'self'/);
    assert.match(index.headers()['content-security-policy'] ?? '', /frame-ancestors 'none'/);
    assert.equal(index.headers()['x-content-type-options'], 'nosniff');

    // Sign in (keyboard only)
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'sign-in');
    await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();
    await assertControlsLabelled(page);
    assert.ok(await page.locator('#shell-tenant').isVisible(), 'the shell bar shows the current tenant');

    // BTP cockpit: account explorer > subaccount > Instances and Subscriptions > instance
    await page.getByRole('link', { name: 'SAP Cloud ALM', exact: true }).click();
    await page.getByRole('heading', { name: 'Instances and Subscriptions' }).waitFor();
    await page.getByRole('link', { name: 'SAP_Cloud_ALM_API' }).click();
    await page.getByRole('heading', { name: 'Service Keys' }).waitFor();
    await page.getByRole('button', { name: 'View service key ALM_001_00' }).click();
    const json = page.locator('pre.json');
    await json.filter({ hasText: '"clientid"' }).waitFor();
    assert.match((await json.textContent()) ?? '', /"clientsecret": "••••••••/, 'the view masks the client secret');

    // the secret, from the API, to search for it everywhere
    const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const bindings = (await t.http.call('GET', '/v1/service_bindings', { cookie })).json().items;
    const secret = (await t.http.call('GET', `/v1/service_bindings/${bindings[0].id}`, { cookie })).json().credentials
      .uaa.clientsecret as string;
    assert.ok(!(await allText(page)).includes(secret), 'the masked view does not hold the secret');
    await assertControlsLabelled(page);
    await screenshot(page, 'btp-instance-service-key', [secret]);
    // Show Secrets is the explicit step; Hide puts the mask back
    await page.locator('#reveal-secret').click();
    await json.filter({ hasText: secret }).waitFor();
    await page.locator('#reveal-secret').click();
    assert.ok(!(await json.textContent())!.includes(secret));
    await page.getByRole('button', { name: 'Close' }).click();

    // Download the key as a file
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download service key ALM_001_00' }).click();
    const download = await downloading;
    assert.equal(download.suggestedFilename(), 'ALM_001_00.json');
    // saved under the name the browser suggests, as a person's Downloads folder would have it
    const keyFile = join(mkdtempSync(join(tmpdir(), 'calm-keys-ui-')), download.suggestedFilename());
    await download.saveAs(keyFile);
    const downloaded = JSON.parse(readFileSync(keyFile, 'utf8'));
    assert.equal(downloaded.uaa.clientsecret, secret);
    await screenshot(page, 'btp-instance', [secret]);

    // Landscape Management: tenant > services and systems > gear > SAP Cloud ALM Service Key
    await page.getByRole('treeitem', { name: 'Landscape Management' }).click();
    await page.getByRole('heading', { name: 'Landscape Management' }).waitFor();
    await page.getByRole('link', { name: 'demo-calm', exact: true }).click();
    await page.getByRole('heading', { name: 'Services and Systems' }).waitFor();
    assert.match((await page.locator('#shell-tenant').textContent()) ?? '', /demo-calm/);
    await page.getByRole('button', { name: 'Configuration: SAP Cloud ALM Service Key' }).click();
    await page.getByRole('heading', { name: 'SAP Cloud ALM Service Key' }).waitFor();
    await page.getByText('One service key per tenant.').waitFor();
    await page.getByText('does not delete this copy: delete it here too').waitFor();
    assert.equal(await page.locator('#key-status').getAttribute('data-status'), 'unknown', 'grey: not tested yet');
    assert.equal(await page.locator('#upload-key').count(), 0, '+ only while the slot is empty');
    await assertControlsLabelled(page);

    // delete the provisioned copy (with confirmation)
    await page.locator('#delete-key').click();
    await page.getByRole('alertdialog', { name: 'Delete Service Key' }).waitFor();
    await page.locator('#confirm-ok').click();
    await page.locator('#upload-key').waitFor();
    assert.equal(await page.locator('#delete-key').count(), 0);

    // upload the downloaded file: the format check runs first, then Upload
    await page.locator('#upload-key').click();
    await page.getByRole('dialog', { name: 'Upload Service Key' }).waitFor();
    await page.locator('#key-file input[type=file]').setInputFiles(keyFile);
    await page.locator('#format-ok').waitFor();
    await page.locator('#upload-submit').click();
    await page.locator('#test-key').waitFor();
    assert.equal(await page.locator('#upload-key').count(), 0);

    // Test Service Key, by keyboard: after the upload the focus is on it
    await page.waitForFunction("document.activeElement?.id === 'test-key'");
    await page.keyboard.press('Enter');
    await page.locator('#test-result').filter({ hasText: 'Service key test succeeded.' }).waitFor();
    // the message is confirmed (OK has the focus), then the status is green, as SAP's procedure describes
    await page.waitForFunction("document.activeElement?.id === 'test-result-ok'");
    await page.keyboard.press('Enter');
    await page.locator('#key-status[data-status="active"]').waitFor();
    await screenshot(page, 'lm-service-key-green', [secret]);

    // display (eyeglasses) masks; reveal (Security Administrator) is an explicit, audited step
    await page.locator('#display-key').click();
    await page.getByRole('dialog', { name: /Service Key: demo-calm/ }).waitFor();
    assert.ok(!(await allText(page)).includes(secret));
    await page.locator('#reveal-key').click();
    await page.locator('.key-display').filter({ hasText: secret }).waitFor();
    await page.getByRole('button', { name: 'Close' }).click();

    // delete the binding in BTP: the copy here is flagged and its Test turns red
    await page.goto(`/#/btp/instances/${bindings[0].service_instance_id}`);
    await page.getByRole('button', { name: 'Delete service key ALM_001_00' }).click();
    await page.getByText('is not deleted with it').waitFor();
    await page.locator('#confirm-ok').click();
    await page.getByText('This instance has no service keys.').waitFor();
    const tenantId = (await t.http.call('GET', '/lm/v1/tenants', { cookie })).json().items[0].tenantId as string;
    await page.goto(`/#/lm/${tenantId}/configuration`);
    await page.locator('#key-status-reason').filter({ hasText: 'Deleted in BTP' }).waitFor();
    await page
      .locator('#deleted-in-btp')
      .filter({ hasText: /deleted in (SAP )?BTP/i })
      .waitFor();
    assert.equal(await page.locator('#key-status').getAttribute('data-status'), 'failed');
    await page.locator('#test-key').click();
    await page.locator('#test-result').filter({ hasText: 'Service key test failed.' }).waitFor();
    await page.locator('#test-result-ok').click();

    // delete the copy here too
    await page.locator('#delete-key').click();
    await page.locator('#confirm-ok').click();
    await page.locator('#upload-key').waitFor();
    await page.getByText('No service key uploaded.').waitFor();

    // sign out through the user menu
    await page
      .getByRole('button', { name: /User menu/ })
      .first()
      .click();
    await page.locator('#sign-out').click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    await assertNoStorage(page);
    assert.ok(!console.all.some((line) => line.includes(secret)), 'the secret never reaches the console');
    console.assertClean();
  } finally {
    await browser.close();
    await t.close();
  }
});
