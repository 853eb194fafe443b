/**
 * The fault-injection banner in the browser (issue 18): a fault added over REST shows a banner above the page for
 * whoever is signed in; once the faults are cleared, the next page change hides it. No console error or warning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { signIn, startTestServer } from '../support/server.js';
import { ADMIN_PASSWORD } from '../support/landscape.js';
import { launch, openPage, signInWithKeyboard } from './browser.js';

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
