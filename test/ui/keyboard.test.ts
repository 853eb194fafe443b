/**
 * The keyboard model of the tables (web/src/ui/table-keyboard.ts), by keyboard only: Tab walks from the page into
 * a table and through its links and row actions in reading order (the cockpit's service keys: display, download,
 * delete; Landscape Management's key: display, download, delete, Test Service Key), the dialog's buttons are
 * reached with Tab, Shift+Tab walks back, and Enter on a focused row opens it. Without the model UI5 sends Tab
 * from a focused row straight out of the table, and these walks fail.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, startTestServer } from '../support/server.js';
import { ADMIN_PASSWORD } from '../support/landscape.js';
import { launch, openPage, signInWithKeyboard } from './browser.js';
import type { Page } from 'playwright-core';

/** The focused element of the document (a UI5 host, whose shadow holds the real focus), named for a person. */
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return 'body';
  const name = el.accessibleName || el.getAttribute('aria-label') || (el.textContent || '').trim().slice(0, 40);
  return el.localName + (name ? ': ' + name : '');
})()`;

const focused = async (page: Page) => (await page.evaluate(FOCUSED)) as string;

/** Presses `key` until the focus is on `target` (or gives up after `max` presses), returning every stop. */
async function pressUntil(page: Page, key: string, target: string | RegExp, max = 25): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press(key);
    const stop = await focused(page);
    stops.push(stop);
    if (typeof target === 'string' ? stop === target : target.test(stop)) return stops;
  }
  assert.fail(`${key} never reached "${target}"; stops: ${JSON.stringify(stops)}`);
}

test('browser: Tab reaches every row action of a table in order, Shift+Tab walks back, Enter opens a row', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  const browser = await launch();
  try {
    const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const tenantId = (await t.http.call('GET', '/lm/v1/tenants', { cookie })).json().items[0].tenantId as string;
    const subaccountId = (await t.http.call('GET', '/btp/v1/subaccounts', { cookie })).json().items[0].id as string;
    const { page, console } = await openPage(browser, t.server.url);
    await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();

    // Enter on a focused row opens it: the subaccount's instances, row of SAP_Cloud_ALM_API
    await page.goto(`/#/btp/subaccounts/${subaccountId}`);
    await page.getByRole('heading', { name: 'Instances and Subscriptions' }).waitFor();
    await page.locator('#page-title:focus').waitFor();
    await pressUntil(page, 'Tab', /^ui5-table-row: SAP_Cloud_ALM_API/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Service Keys' }).waitFor();
    assert.match(page.url(), /#\/btp\/instances\//, 'Enter on the row opened the instance');

    // from the page's heading, Tab walks into the keys table and through its row actions in order
    await page.locator('#page-title:focus').waitFor();
    const walk = await pressUntil(page, 'Tab', 'ui5-button: View service key ALM_001_00', 40);
    // UI5 puts the focus on the row first; the next Tab goes into it (UI5 alone would leave the table here)
    assert.match(walk.at(-2) ?? '', /^ui5-table-row: ALM_001_00/, `the row, then its first action: ${walk}`);
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'ui5-button: Download service key ALM_001_00');
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'ui5-button: Delete service key ALM_001_00');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(page), 'ui5-button: Download service key ALM_001_00', 'Shift+Tab walks back');

    // the dialog's buttons are reached with Tab; Escape closes it and gives the focus back
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(page), 'ui5-button: View service key ALM_001_00');
    await page.keyboard.press('Enter');
    await page.locator('ui5-dialog[open]').waitFor();
    await pressUntil(page, 'Tab', 'ui5-button: Close', 10);
    await page.keyboard.press('Escape');
    await page.locator('ui5-dialog').waitFor({ state: 'detached' });
    assert.equal(await focused(page), 'ui5-button: View service key ALM_001_00', 'the focus is back on the opener');

    // Landscape Management: display, download, delete and Test Service Key, in this order
    await page.goto(`/#/lm/${tenantId}/configuration`);
    await page.locator('#key-status').waitFor();
    await page.locator('#display-key').waitFor();
    await page.locator('#page-title:focus').waitFor();
    const stops = await pressUntil(page, 'Tab', 'ui5-button: Test Service Key', 40);
    assert.deepEqual(
      stops.filter((s) => /^ui5-button: .*service key/i.test(s)),
      [
        'ui5-button: Display service key',
        'ui5-button: Download service key',
        'ui5-button: Delete service key',
        'ui5-button: Test Service Key',
      ],
      'the row actions in their order',
    );
    console.assertClean();
  } finally {
    await browser.close();
    await t.close();
  }
});
