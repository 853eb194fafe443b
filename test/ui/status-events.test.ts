/**
 * The Service Status Events page in the browser, against the real server with the demo landscape: the Landscape
 * Administrator opens it from Services and Systems, records a Maintenance event in the create dialog, sees it in
 * the list, and closes it after confirming. No console error or warning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, startTestServer } from '../support/server.js';
import { ADMIN_PASSWORD } from '../support/landscape.js';
import { assertControlsLabelled, launch, openPage, signInWithKeyboard } from './browser.js';

test('browser: a Landscape Administrator records and closes a service status event', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  const browser = await launch();
  try {
    const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const tenantId = (await t.http.call('GET', '/lm/v1/tenants', { cookie })).json().items[0].tenantId as string;
    const events = async () =>
      (await t.http.call('GET', `/lm/v1/tenants/${tenantId}/status-events`, { cookie })).json().items as {
        title: string;
        status: string;
        eventType: string;
      }[];
    const { page, console, context } = await openPage(browser, t.server.url);
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
    await context.close();
  } finally {
    await browser.close();
    await t.close();
  }
});
