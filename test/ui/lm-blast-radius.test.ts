/**
 * The blast radius in the browser (issue 17): a managed service obtained a token with the demo key, so the delete
 * dialog names its client address and enables Delete only after the explicit confirmation; the deleted key is
 * listed under Recently deleted and Restore puts it back. No console error on the way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, startTestServer } from '../support/server.js';
import { ADMIN_PASSWORD, slotPath, tokenFor } from '../support/landscape.js';
import { assertControlsLabelled, launch, openPage, signInWithKeyboard } from './browser.js';

test('browser: the delete dialog shows the blast radius and needs the confirmation; Recently deleted restores', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  const browser = await launch();
  try {
    const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const tenantId = (await t.http.call('GET', '/lm/v1/tenants', { cookie })).json().items[0].tenantId as string;
    const keyText = (await t.http.call('GET', `${slotPath(tenantId)}/download`, { cookie })).text;
    await tokenFor(t, keyText); // a managed service uses the key

    const { page, console } = await openPage(browser, t.server.url);
    await page.goto('/');
    await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();
    await page.goto(`/#/lm/${tenantId}/configuration`);
    await page.locator('#delete-key').click();
    await page.getByRole('alertdialog', { name: 'Delete Service Key' }).waitFor();
    await page
      .locator('#blast-calls')
      .filter({ hasText: /127\.0\.0\.1|::1/ })
      .waitFor();
    await page.locator('#blast-recent').filter({ hasText: 'Used in the last 24 hours' }).waitFor();
    assert.equal(await page.locator('#confirm-ok').getAttribute('disabled'), '', 'Delete waits for the confirmation');
    await assertControlsLabelled(page);
    await page.locator('#confirm-recently-used').click();
    await page.locator('#confirm-ok:not([disabled])').click();
    await page.locator('#upload-key').waitFor();

    // Recently deleted: listed, and restored
    const row = page.locator('#deleted-keys ui5-table-row').filter({ hasText: 'demo-calm' });
    await row.waitFor();
    await row.getByRole('button', { name: 'Restore' }).click();
    await page.locator('#delete-key').waitFor();
    assert.equal((await t.http.call('GET', `${slotPath(tenantId)}/download`, { cookie })).text, keyText);
    console.assertClean();
  } finally {
    await browser.close();
    await t.close();
  }
});
