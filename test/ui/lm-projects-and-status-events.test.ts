/**
 * The Projects and Service Status Events pages of Landscape Management in the browser, against the real server with
 * the demo landscape (one server and one browser for both, to keep the suite short):
 * - Projects: the demo tenant's project as an API client wrote it; a task a client changes with a key's token
 *   shows its new status on the project's page.
 * - Service Status Events: the Landscape Administrator opens the page from Services and Systems, records a
 *   Maintenance event in the create dialog, sees it in the list, and closes it after confirming.
 * No console error or warning on either.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { signIn, startTestServer } from '../support/server.js';
import { ADMIN_PASSWORD, btpKey, tokenFor } from '../support/landscape.js';
import { assertControlsLabelled, assertNoStorage, launch, openPage, signInWithKeyboard } from './browser.js';

test('browser: the Projects page and the Service Status Events page', async (context) => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  let browser: Browser | undefined;
  try {
    const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const tenantId = (await t.http.call('GET', '/lm/v1/tenants', { cookie })).json().items[0].tenantId as string;
    browser = await launch();
    const b = browser;

    await context.test('the Projects page shows what a client of the Projects and Tasks APIs wrote', async () => {
      const project = (await t.http.call('GET', `/lm/v1/tenants/${tenantId}/projects`, { cookie })).json().items[0];
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

      const { page, console, context: ctx } = await openPage(b, t.server.url);
      await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
      await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();
      await page.goto(`/#/lm/${tenantId}`);
      await page.locator('#open-projects').click();
      await page.getByRole('heading', { name: 'Projects', exact: true }).waitFor();
      await page.locator('#projects').getByText('Demo S/4HANA Cloud Implementation').click();
      await page.getByRole('heading', { name: 'Demo S/4HANA Cloud Implementation' }).waitFor();
      const table = page.locator('#project-tasks');
      await table.getByText('Connect the managed services to SAP Cloud ALM').waitFor();
      assert.equal(await table.locator('[data-status="CIPTKCLOSE"]').count(), 2);
      assert.equal(await table.locator('[data-status="CIPTKINP"]').count(), 1);
      await page.getByText('Sprint Sprint 1').waitFor();
      await assertNoStorage(page);
      console.assertClean();
      await ctx.close();
    });

    await context.test('a Landscape Administrator records and closes a service status event', async () => {
      const events = async () =>
        (await t.http.call('GET', `/lm/v1/tenants/${tenantId}/status-events`, { cookie })).json().items as {
          title: string;
          status: string;
          eventType: string;
        }[];
      const { page, console, context: ctx } = await openPage(b, t.server.url);
      await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
      await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();
      await page.goto(`/#/lm/${tenantId}`);
      await page.locator('#open-status-events').click();
      await page.getByRole('heading', { name: 'Service Status Events' }).waitFor();

      await page.getByRole('button', { name: 'Create service status event' }).click();
      await page.locator('#se-title input').fill('UI maintenance window');
      await page.getByRole('button', { name: 'Create', exact: true }).last().click();
      await page.locator('#status-events').getByText('UI maintenance window').waitFor();
      const recorded = (await events()).find((e) => e.title === 'UI maintenance window');
      assert.equal(recorded?.eventType, 'Maintenance');
      assert.equal(recorded?.status, 'open');
      await assertControlsLabelled(page);

      await page.getByRole('button', { name: 'Close UI maintenance window' }).click();
      await page.getByRole('button', { name: 'Close Event' }).click();
      await page.getByText('"UI maintenance window" closed.').first().waitFor();
      assert.equal((await events()).find((e) => e.title === 'UI maintenance window')?.status, 'closed');
      console.assertClean();
      await ctx.close();
    });
  } finally {
    await browser?.close();
    await t.close();
  }
});
