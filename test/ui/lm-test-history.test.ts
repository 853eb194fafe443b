/**
 * The service-key page's Test history in a real browser: after Test Service Key the history lists the manual Test
 * by the person, the schedule (1 s here) adds its own Tests by "schedule", the next scheduled Test is shown, and
 * the times are written in the browser's locale (en-GB here, de-DE in a second context). No console problem.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, startTestServer } from '../support/server.js';
import { ADMIN_PASSWORD } from '../support/landscape.js';
import { assertControlsLabelled, launch, openPage, screenshot, signInWithKeyboard } from './browser.js';

test('browser: the Test history shows manual and scheduled Tests with the next scheduled Test, in the browser locale', async () => {
  const t = await startTestServer({
    env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD, CALM_KEYS_KEY_RETEST_INTERVAL_SECONDS: '1' },
  });
  const browser = await launch();
  try {
    const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const tenantId = (await t.http.call('GET', '/lm/v1/tenants', { cookie })).json().items[0].tenantId as string;
    const { page, console } = await openPage(browser, t.server.url);
    await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();
    await page.goto(`/#/lm/${tenantId}/configuration`);
    await page.getByRole('heading', { name: 'Test history' }).waitFor();
    // the schedule (every 1 s) may hold the tenant's Test lease at the click: the page then says a Test is already
    // running (409 lm.test_in_progress), and the person tests again, as its message says
    // The refusals are counted from the responses, not from the message on the page: a message of an earlier
    // refusal is still shown when the next click's answer is on its way.
    let refused = 0;
    page.on('response', (response) => {
      if (response.status() === 409 && response.request().method() === 'POST') refused += 1;
    });
    for (let attempt = 0; ; attempt += 1) {
      const answered = page.waitForResponse((r) => r.request().method() === 'POST' && /\/test$/.test(r.url()));
      await page.locator('#test-key').click();
      const response = await answered;
      if (response.status() !== 409) break;
      assert.ok(attempt < 10, 'the manual Test gets its turn between scheduled ones');
      await page
        .getByText(/is already running/)
        .first()
        .waitFor();
      await new Promise((r) => setTimeout(r, 300));
    }
    await page.locator('#test-result').waitFor();
    await page.locator('#test-result-ok').click(); // the Test's message is confirmed, then the page reloads
    const history = page.locator('#test-history-table');
    await history.locator('ui5-table-row').filter({ hasText: 'Manual' }).filter({ hasText: 'admin' }).waitFor();

    // the schedule's Tests appear on the next load of the page
    for (let i = 0; ; i += 1) {
      await page.goto(`/#/lm/${tenantId}`);
      await page.goto(`/#/lm/${tenantId}/configuration`);
      await page.getByRole('heading', { name: 'Test history' }).waitFor();
      if ((await history.locator('ui5-table-row').filter({ hasText: 'Scheduled' }).count()) > 0) break;
      assert.ok(i < 20, 'a scheduled Test shows up');
      await new Promise((r) => setTimeout(r, 500));
    }
    const scheduled = history.locator('ui5-table-row').filter({ hasText: 'Scheduled' }).first();
    assert.match((await scheduled.textContent()) ?? '', /schedule/);
    assert.match((await page.locator('#test-schedule').textContent()) ?? '', /every 1 s .*Next scheduled Test: /);
    // en-GB: "3 Dec 2026, 07:50:12"
    assert.match((await scheduled.locator('time').textContent()) ?? '', /^\d{1,2} \w{3} \d{4}, \d{2}:\d{2}:\d{2}$/);
    await assertControlsLabelled(page);
    await history.scrollIntoViewIfNeeded();
    await screenshot(page, 'lm-test-history');
    // chromium logs each refused Test's 409 as a failed resource; nothing else may be in the console
    for (let i = 0; i < refused; i += 1) console.expect(/status of 409/);
    console.assertClean();

    // another browser locale writes the times its own way: de-DE "03.12.2026, 07:50:12"
    const german = await browser.newContext({ baseURL: t.server.url, ignoreHTTPSErrors: true, locale: 'de-DE' });
    try {
      const other = await german.newPage();
      await signInWithKeyboard(other, 'admin', ADMIN_PASSWORD);
      // a de-DE browser reads the UI in German: wait for the landing page's heading by its id
      await other.locator('#page-title').waitFor();
      await other.goto(`/#/lm/${tenantId}/configuration`);
      const time = other.locator('#test-history-table time').first();
      await time.waitFor();
      assert.match((await time.textContent()) ?? '', /^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}:\d{2}$/);
    } finally {
      await german.close();
    }
  } finally {
    await browser.close();
    await t.close();
  }
});
