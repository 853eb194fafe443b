/**
 * The service-key page's staged rotation in a real browser: the Security Administrator rotates the demo tenant's
 * key (a binding of this BTP) with *Rotate*; the panel shows the promoted state and each step with its time, the
 * slot shows the previous key beside the current one, and the Security Viewer sees the panel without the buttons.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, startTestServer } from '../support/server.js';
import { ADMIN_PASSWORD, userWithRoles, USER_PASSWORD } from '../support/landscape.js';
import { assertControlsLabelled, launch, openPage, screenshot, signInWithKeyboard } from './browser.js';

test('browser: Rotate on the service-key page promotes a new key and lists the steps; the Viewer sees them without actions', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  const browser = await launch();
  try {
    const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const tenantId = (await t.http.call('GET', '/lm/v1/tenants', { cookie })).json().items[0].tenantId as string;
    const { page, console } = await openPage(browser, t.server.url);
    await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();
    await page.goto(`/#/lm/${tenantId}/configuration`);
    await page.getByRole('heading', { name: 'Key rotation' }).waitFor();
    await page.locator('#rotate-key').click();
    await page.locator('#rotation-start').click();
    await page.locator('#rotation-state', { hasText: 'Promoted' }).waitFor();
    const steps = page.locator('#rotation-steps ui5-table-row');
    assert.equal(await steps.count(), 5);
    assert.match((await steps.nth(1).textContent()) ?? '', /New binding created in BTP/);
    await page.locator('#slot-rotation', { hasText: 'Previous key' }).waitFor();
    assert.equal(await page.locator('#rotate-key').count(), 0, 'no second rotation while one runs');
    await assertControlsLabelled(page);
    await page.locator('#rotation-steps').scrollIntoViewIfNeeded();
    await screenshot(page, 'lm-rotation');
    console.assertClean();

    await userWithRoles(t, cookie, 'rot-viewer', [{ role: 'x_landscape_SecurityViewer', scopeId: tenantId }]);
    const viewer = await browser.newContext({ baseURL: t.server.url, ignoreHTTPSErrors: true });
    try {
      const other = await viewer.newPage();
      await signInWithKeyboard(other, 'rot-viewer', USER_PASSWORD);
      await other.goto(`/#/lm/${tenantId}/configuration`);
      await other.locator('#rotation-state', { hasText: 'Promoted' }).waitFor();
      assert.equal(await other.locator('#rotate-key, #rotation-cancel, #rotation-promote').count(), 0);
    } finally {
      await viewer.close();
    }
  } finally {
    await browser.close();
    await t.close();
  }
});
