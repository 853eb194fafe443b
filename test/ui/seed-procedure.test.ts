/**
 * The seed procedure in a real browser (chromium through playwright-core), against the real server, with the
 * keyboard only (Tab, Shift+Tab, Enter, Space, arrow keys, Escape; no click and no programmatic focus): sign in;
 * find the demo key in the BTP cockpit (account explorer > subaccount > Instances and Subscriptions > instance >
 * service keys), view it masked, download it; in Landscape Management delete the provisioned copy, upload the
 * downloaded file (format check first), Test it and confirm the message, green; delete the binding in BTP and see
 * the copy flagged "deleted in BTP" and its Test red; delete the copy; sign out. Pages are reached through the
 * side navigation and the pages' links, never by typing an address. No console error or warning on the way, and
 * the key's secret never reaches the console, the storage, the page (until revealed) or a screenshot. axe-core
 * (no serious or critical violation) runs on each page and dialog of the walk: sign-in, Account Explorer,
 * subaccount, instance with its keys, the key dialog, Landscape Management's tenants, services and systems and
 * service-key configuration, the display-key dialog, the user menu (the other pages' axe runs are in
 * roles-and-errors.test.ts and the pages' own tests).
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
  chooseKeyFileByKeyboard,
  assertControlsLabelled,
  assertNoSeriousA11yViolations,
  assertNoStorage,
  focusIs,
  focused,
  launch,
  openPage,
  pressUntil,
  printA11yReport,
  screenshot,
  settled,
  signInWithKeyboard,
} from './browser.js';
import type { Page } from 'playwright-core';

/** Into the side navigation (Shift+Tab from the page), then the arrow keys to `item`, and Enter. */
async function sideNavigation(page: Page, item: string): Promise<void> {
  await pressUntil(page, 'Shift+Tab', /^ui5-side-navigation/, 40);
  const target = new RegExp(`ui5-side-navigation-item[^>]*: ${item}( >|$)`);
  for (let i = 0; i < 8 && !target.test(await focused(page)); i += 1) await page.keyboard.press('ArrowDown');
  for (let i = 0; i < 8 && !target.test(await focused(page)); i += 1) await page.keyboard.press('ArrowUp');
  await focusIs(page, target, 1_000);
  await page.keyboard.press('Enter');
}

test('browser: the seed procedure from the BTP cockpit to a green key in Landscape Management and back, by keyboard only', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  const browser = await launch();
  try {
    const { page, console } = await openPage(browser, t.server.url);
    // the walk is the keyboard's: any pointer event in the page (a click by mistake) fails the test
    const pointer: string[] = [];
    await page.exposeFunction('calmKeysPointerEvent', (what: string) => pointer.push(what));
    await page.addInitScript(
      "for (const type of ['pointerdown', 'mousedown', 'touchstart', 'wheel']) addEventListener(type, (e) => window.calmKeysPointerEvent(type + ' on ' + (e.target && e.target.localName)), true)",
    );

    // the browser's file chooser is the test's to answer (playwright intercepts it only while someone listens, and
    // starting to listen right before the key press could be too late for it)
    page.on('filechooser', () => {});

    // the page carries its security headers
    const index = await page.request.get('/');
    assert.match(index.headers()['content-security-policy'] ?? '', /script-src 'self'/);
    assert.match(index.headers()['content-security-policy'] ?? '', /frame-ancestors 'none'/);
    assert.equal(index.headers()['x-content-type-options'], 'nosniff');

    // Sign in: type, Tab, type, Enter
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await assertNoSeriousA11yViolations(page, 'sign-in');
    await screenshot(page, 'sign-in');
    await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();
    await assertControlsLabelled(page);
    assert.ok(await page.locator('#shell-tenant').isVisible(), 'the shell bar shows the current tenant');
    await settled(page, 'Account Explorer');
    await assertNoSeriousA11yViolations(page, 'Account Explorer');

    // BTP cockpit: account explorer > subaccount > Instances and Subscriptions > instance
    await page.locator('#page-title:focus').waitFor();
    await pressUntil(page, 'Tab', /^ui5-link[^>]*: SAP Cloud ALM( >|$)/);
    await page.keyboard.press('Enter');
    await settled(page, 'Instances and Subscriptions');
    await assertNoSeriousA11yViolations(page, 'subaccount');
    await page.locator('#page-title:focus').waitFor();
    await pressUntil(page, 'Tab', /^ui5-link[^>]*: SAP_Cloud_ALM_API( >|$)/);
    await page.keyboard.press('Enter');
    await settled(page, 'Service Keys');
    await assertNoSeriousA11yViolations(page, 'instance with its service keys');
    await page.locator('#page-title:focus').waitFor();
    await pressUntil(page, 'Tab', 'ui5-button: View service key ALM_001_00', 40);
    await page.keyboard.press('Enter');
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
    await assertNoSeriousA11yViolations(page, 'service-key dialog');
    await screenshot(page, 'btp-instance-service-key', [secret]);
    // Show Secrets is the explicit step; Hide puts the mask back (Space toggles, as on any button)
    await pressUntil(page, 'Tab', /^[\w-]+#reveal-secret/, 10);
    await page.keyboard.press('Space');
    await json.filter({ hasText: secret }).waitFor();
    await page.keyboard.press('Space');
    await json.filter({ hasNotText: secret }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('ui5-dialog[open]').waitFor({ state: 'detached' });
    await focusIs(page, /^ui5-button: View service key ALM_001_00/);

    // Download the key as a file: the next Tab stop
    await page.keyboard.press('Tab');
    await focusIs(page, /^ui5-button: Download service key ALM_001_00/, 1_000);
    const downloading = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    const download = await downloading;
    assert.equal(download.suggestedFilename(), 'ALM_001_00.json');
    // saved under the name the browser suggests, as a person's Downloads folder would have it
    const keyFile = join(mkdtempSync(join(tmpdir(), 'calm-keys-ui-')), download.suggestedFilename());
    await download.saveAs(keyFile);
    const downloaded = JSON.parse(readFileSync(keyFile, 'utf8'));
    assert.equal(downloaded.uaa.clientsecret, secret);
    await screenshot(page, 'btp-instance', [secret]);

    // Landscape Management: tenant > services and systems > gear > SAP Cloud ALM Service Key
    async function toServiceKey(axe: boolean): Promise<void> {
      await sideNavigation(page, 'Landscape Management');
      await settled(page, 'Landscape Management');
      if (axe) await assertNoSeriousA11yViolations(page, 'Landscape Management tenants');
      await page.locator('#page-title:focus').waitFor();
      await pressUntil(page, 'Tab', /^ui5-link[^>]*: demo-calm( >|$)/);
      await page.keyboard.press('Enter');
      await settled(page, 'Services and Systems');
      if (axe) await assertNoSeriousA11yViolations(page, 'services and systems');
      await page.locator('#page-title:focus').waitFor();
      await pressUntil(page, 'Tab', /^ui5-button[^>]*: Configuration: SAP Cloud ALM Service Key( >|$)/, 40);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'SAP Cloud ALM Service Key' }).waitFor();
      await page.locator('#key-status').waitFor();
      await settled(page);
      if (axe) await assertNoSeriousA11yViolations(page, 'LM configuration (service key)');
    }
    await toServiceKey(true);
    assert.match((await page.locator('#shell-tenant').textContent()) ?? '', /demo-calm/);
    await page.getByText('One service key per tenant.').waitFor();
    await page.getByText('does not delete this copy: delete it here too').waitFor();
    assert.equal(await page.locator('#key-status').getAttribute('data-status'), 'unknown', 'grey: not tested yet');
    assert.equal(await page.locator('#upload-key').count(), 0, '+ only while the slot is empty');
    await assertControlsLabelled(page);

    /** Delete service key (the row action), then OK in the confirmation. */
    async function deleteCopy(key: 'Tab' | 'Shift+Tab'): Promise<void> {
      await pressUntil(page, key, /^ui5-button#delete-key/, 40);
      await page.keyboard.press('Enter');
      await page.getByRole('alertdialog', { name: 'Delete Service Key' }).waitFor();
      await pressUntil(page, 'Tab', /^ui5-button#confirm-ok/, 10);
      await page.keyboard.press('Enter');
      await page.locator('#upload-key').waitFor();
      assert.equal(await page.locator('#delete-key').count(), 0);
    }
    await page.locator('#page-title:focus').waitFor();
    await deleteCopy('Tab');

    // upload the downloaded file: Enter on the file picker opens the browser's file chooser; the format check
    // runs first, then Upload
    await chooseKeyFileByKeyboard(page, keyFile);
    await pressUntil(page, 'Tab', /^ui5-button#upload-submit/, 10);
    await page.keyboard.press('Enter');
    await page.locator('#test-key').waitFor();
    assert.equal(await page.locator('#upload-key').count(), 0);

    // Test Service Key: after the upload the focus is on it
    await focusIs(page, /^ui5-button#test-key/);
    await page.keyboard.press('Enter');
    await page.locator('#test-result').filter({ hasText: 'Service key test succeeded.' }).waitFor();
    // the message is confirmed (OK has the focus), then the status is green, as SAP's procedure describes
    await focusIs(page, /^ui5-button#test-result-ok/);
    await page.keyboard.press('Enter');
    await page.locator('#key-status[data-status="active"]').waitFor();
    await screenshot(page, 'lm-service-key-green', [secret]);

    // display (eyeglasses) masks; reveal (Security Administrator) is an explicit, audited step
    await pressUntil(page, 'Shift+Tab', /^ui5-button#display-key/, 10);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: /Service Key: demo-calm/ }).waitFor();
    assert.ok(!(await allText(page)).includes(secret));
    await assertNoSeriousA11yViolations(page, 'LM display-key dialog');
    await pressUntil(page, 'Tab', /^[\w-]+#reveal-key/, 10);
    await page.keyboard.press('Enter');
    await page.locator('.key-display').filter({ hasText: secret }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('ui5-dialog[open]').waitFor({ state: 'detached' });

    // delete the binding in BTP: the copy here is flagged and its Test turns red
    await sideNavigation(page, 'BTP Cockpit');
    await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();
    await page.locator('#page-title:focus').waitFor();
    await pressUntil(page, 'Tab', /^ui5-link[^>]*: SAP Cloud ALM( >|$)/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Instances and Subscriptions' }).waitFor();
    await page.locator('#page-title:focus').waitFor();
    await pressUntil(page, 'Tab', /^ui5-link[^>]*: SAP_Cloud_ALM_API( >|$)/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Service Keys' }).waitFor();
    await page.locator('#page-title:focus').waitFor();
    await pressUntil(page, 'Tab', 'ui5-button: Delete service key ALM_001_00', 40);
    await page.keyboard.press('Enter');
    await page.getByText('is not deleted with it').waitFor();
    await pressUntil(page, 'Tab', /^ui5-button#confirm-ok/, 10);
    await page.keyboard.press('Enter');
    await page.getByText('This instance has no service keys.').waitFor();

    await toServiceKey(false);
    await page.locator('#key-status-reason').filter({ hasText: 'Deleted in BTP' }).waitFor();
    await page
      .locator('#deleted-in-btp')
      .filter({ hasText: /deleted in (SAP )?BTP/i })
      .waitFor();
    assert.equal(await page.locator('#key-status').getAttribute('data-status'), 'failed');
    await page.locator('#page-title:focus').waitFor();
    await pressUntil(page, 'Tab', /^ui5-button#test-key/, 40);
    await page.keyboard.press('Enter');
    await page.locator('#test-result').filter({ hasText: 'Service key test failed.' }).waitFor();
    await focusIs(page, /^ui5-button#test-result-ok/);
    await page.keyboard.press('Enter');
    await page.locator('#test-result').waitFor({ state: 'detached' });

    // delete the copy here too: back from Test Service Key to Delete
    await focusIs(page, /^ui5-button#test-key/);
    await deleteCopy('Shift+Tab');
    await page.getByText('No service key uploaded.').waitFor();

    // sign out through the user menu: the shell bar's profile button, then Sign Out in its popover
    await pressUntil(page, 'Shift+Tab', /^ui5-shellbar.*User menu/, 40);
    await page.keyboard.press('Enter');
    await page.locator('#sign-out').waitFor({ state: 'visible' });
    await assertNoSeriousA11yViolations(page, 'user menu');
    await pressUntil(page, 'Tab', /^ui5-button#sign-out/, 15);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    await assertNoStorage(page);
    assert.deepEqual(pointer, [], 'no pointer event: the keyboard did it all');
    assert.ok(!console.all.some((line) => line.includes(secret)), 'the secret never reaches the console');
    console.assertClean();
    printA11yReport();
  } finally {
    await browser.close();
    await t.close();
  }
});
