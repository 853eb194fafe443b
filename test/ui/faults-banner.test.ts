/**
 * The fault-injection banner in the browser (issue 18): a fault added over REST shows a banner above the page for
 * whoever is signed in; once the faults are cleared, the next page change hides it. No console error or warning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { signIn, startTestServer } from '../support/server.js';
import { ADMIN_PASSWORD } from '../support/landscape.js';
import { assertNoSeriousA11yViolations, launch, openPage, screenshot, signInWithKeyboard } from './browser.js';

test('browser: a banner says that fault injection is on while a fault is active', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD }, start: { demo: false } });
  let browser: Browser | undefined;
  try {
    const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const added = await t.http.call('POST', '/faults/v1/faults', {
      cookie,
      body: { target: 'jwks', kind: 'status', status: 503 },
    });
    assert.equal(added.status, 201, added.text);
    browser = await launch();
    const { page, console } = await openPage(browser, t.server.url);
    await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
    const banner = page.locator('#faults-banner');
    await banner.getByText('Fault injection is on: 1 fault is active').waitFor();
    assert.equal(await banner.isVisible(), true);

    assert.equal((await t.http.call('DELETE', '/faults/v1/faults', { cookie })).status, 200);
    await page.goto('/#/audit');
    await banner.waitFor({ state: 'hidden' });
    console.assertClean();
  } finally {
    await browser?.close();
    await t.close();
  }
});

test('browser: the Fault Injection page adds a fault for one client, lists it, and deletes it', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD }, start: { demo: false } });
  let browser: Browser | undefined;
  const clientId = 'sb-some-client!b12|sapcloudalm!b4711';
  try {
    browser = await launch();
    const { page, console } = await openPage(browser, t.server.url);
    await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();
    await page.locator('ui5-side-navigation-item[text="Fault Injection"]').click();
    await page.getByRole('heading', { name: 'Fault Injection' }).waitFor();
    await page.locator('#faults').getByText('No fault is active').waitFor();
    await assertNoSeriousA11yViolations(page, 'fault injection, none active');

    await page.locator('#fault-add').click();
    const dialog = page.getByRole('dialog', { name: 'Add Fault' });
    await dialog.waitFor();
    await page.locator('#fault-client input').fill(clientId);
    // a probability the server would refuse is caught in the dialog, naming the field
    await page.locator('#fault-probability input').fill('150');
    await page.locator('#fault-submit').click();
    await page.getByText('Probability: a number from 0 to 100').waitFor();
    await page.locator('#fault-probability input').fill('100');
    await assertNoSeriousA11yViolations(page, 'add fault dialog');
    await page.locator('#fault-submit').click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.locator('#faults ui5-table-row').filter({ hasText: clientId });
    await row.getByText('Status 503').waitFor();
    const [fault] = (await t.http.call('GET', '/faults/v1/faults', { cookie: await adminCookie(t) })).json().items;
    assert.deepEqual(
      {
        target: fault.target,
        kind: fault.kind,
        status: fault.status,
        clientId: fault.clientId,
        probability: fault.probability,
      },
      { target: 'token', kind: 'status', status: 503, clientId, probability: 1 },
      'the page sent what the dialog showed',
    );
    await page.locator('#faults-banner').getByText('Fault injection is on: 1 fault is active').waitFor();
    await screenshot(page, 'faults');

    await row.getByRole('button', { name: /Delete the fault/ }).click();
    await page.locator('#faults').getByText('No fault is active').waitFor();
    assert.equal(
      (await t.http.call('GET', '/faults/v1/faults', { cookie: await adminCookie(t) })).json().items.length,
      0,
    );
    console.assertClean();
  } finally {
    await browser?.close();
    await t.close();
  }
});

const adminCookie = (t: Awaited<ReturnType<typeof startTestServer>>) => signIn(t.http, 'admin', ADMIN_PASSWORD);
