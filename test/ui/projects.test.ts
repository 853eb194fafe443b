/**
 * The Projects page against the real server: the demo tenant's project as an API client wrote it, then a task a
 * client changes with a key's token shows its new status on the project's page. No console error or warning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { signIn, startTestServer } from '../support/server.js';
import { ADMIN_PASSWORD, btpKey, tokenFor } from '../support/landscape.js';
import { assertNoStorage, launch, openPage, signInWithKeyboard } from './browser.js';

test('browser: the Projects page shows what a client of the Projects and Tasks APIs wrote', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  let browser: Browser | undefined;
  try {
    const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const tenant = (await t.http.call('GET', '/lm/v1/tenants', { cookie })).json().items[0];
    const project = (await t.http.call('GET', `/lm/v1/tenants/${tenant.tenantId}/projects`, { cookie })).json()
      .items[0];
    // a client with a key of the demo subaccount moves a task to done
    const subaccountId = (await t.http.call('GET', '/btp/v1/subaccounts', { cookie })).json().items[0].id;
    const key = await btpKey(t, cookie, subaccountId, undefined, ['tasks.read', 'tasks.write']);
    const token = await tokenFor(t, key.keyText);
    const tasks = (await t.http.call('GET', `/api/calm-tasks/v1/tasks?projectId=${project.id}`, { token })).json();
    const moved = tasks.find((x: { title: string }) => x.title === 'Plan the data migration');
    const patched = await t.http.call('PATCH', `/api/calm-tasks/v1/tasks/${moved.id}`, {
      token,
      body: { status: 'CIPTKCLOSE' },
    });
    assert.equal(patched.status, 200, patched.text);

    browser = await launch();
    const { page, console, context } = await openPage(browser, t.server.url);
    await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();
    await page.goto(`/#/lm/${tenant.tenantId}`);
    await page.locator('#open-projects').click();
    await page.getByRole('heading', { name: 'Projects' }).waitFor();
    await page.locator('#projects').getByText('Demo S/4HANA Cloud Implementation').click();
    await page.getByRole('heading', { name: 'Demo S/4HANA Cloud Implementation' }).waitFor();
    const table = page.locator('#project-tasks');
    await table.getByText('Connect the managed services to SAP Cloud ALM').waitFor();
    assert.equal(await table.locator('[data-status="CIPTKCLOSE"]').count(), 2);
    assert.equal(await table.locator('[data-status="CIPTKINP"]').count(), 1);
    await page.getByText('Sprint Sprint 1').waitFor();
    await assertNoStorage(page);
    console.assertClean();
    await context.close();
  } finally {
    await browser?.close();
    await t.close();
  }
});
