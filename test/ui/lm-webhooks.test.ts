/**
 * The Webhooks page of Landscape Management in the browser, against the real server with the demo landscape and
 * a loopback receiver: the Security Administrator opens it from Services and Systems, adds a webhook (the secret
 * is shown once, with Copy), sends a test event that the receiver gets, reads the delivery log, and deletes the
 * webhook after confirming. No console error or warning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { signIn, startTestServer } from '../support/server.js';
import { ADMIN_PASSWORD } from '../support/landscape.js';
import {
  assertControlsLabelled,
  assertNoStorage,
  launch,
  openPage,
  screenshot,
  signInWithKeyboard,
} from './browser.js';

test('browser: add a webhook, see its secret once, send a test event, read the log, delete it', async () => {
  const bodies: string[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      bodies.push(body);
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/ui-hook`;
  const t = await startTestServer({
    env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD, CALM_KEYS_EGRESS_ALLOW: '127.0.0.1:*' },
  });
  let browser: Browser | undefined;
  try {
    const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const tenantId = (await t.http.call('GET', '/lm/v1/tenants', { cookie })).json().items[0].tenantId as string;
    browser = await launch();
    const { page, console, context } = await openPage(browser, t.server.url);
    await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();
    await page.goto(`/#/lm/${tenantId}`);
    await page.locator('#open-webhooks').click();
    await page.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.locator('#wh-url input').fill(url);
    await page.getByRole('checkbox', { name: 'key.uploaded' }).click();
    await page.locator('#wh-submit').click();
    await page.getByText('it is shown only once').waitFor();
    const secret = await page.locator('#wh-secret').evaluate((el) => (el as unknown as { value: string }).value);
    assert.match(secret, /^whsec_/);
    await page.locator('#wh-copy').waitFor();
    await page.locator('#wh-close').click();
    await page.locator('#webhooks').getByText(url).waitFor();
    await page.locator('#webhooks').getByText('key.uploaded').waitFor();
    assert.ok(!(await page.locator('#app').innerText()).includes(secret), 'the page shows the secret no more');

    await page.getByRole('button', { name: `Send a test event to ${url}` }).click();
    await page.getByText('Test event queued').first().waitFor();
    const end = Date.now() + 15_000;
    while (!bodies.some((b) => b.includes('"webhook.test"')) && Date.now() < end)
      await new Promise((r) => setTimeout(r, 50));
    assert.ok(
      bodies.some((b) => JSON.parse(b).type === 'webhook.test'),
      'the receiver got the test event',
    );

    await page.getByRole('button', { name: `Delivery log of ${url}` }).click();
    const log = page.locator('#webhook-deliveries');
    for (let i = 0; i < 30 && (await log.getByText('Delivered').count()) === 0; i += 1) {
      await page.locator('#wh-log-refresh').click();
      await page.waitForTimeout(200);
    }
    await log.getByText('webhook.test').waitFor();
    await log.getByText('204').waitFor();
    await log.getByText('Delivered').waitFor();
    await assertControlsLabelled(page);
    await screenshot(page, 'lm-webhooks-delivery-log', [secret]);
    await page.getByRole('button', { name: 'Close', exact: true }).last().click();

    await page.getByRole('button', { name: `Delete the webhook to ${url}` }).click();
    await page.locator('#confirm-ok').click();
    await page.getByText('Webhook deleted.').first().waitFor();
    // the empty list is an illustrated message (the table toolbar's NoData)
    const empty = page.locator('#webhooks ui5-illustrated-message');
    await empty.waitFor();
    assert.equal(await empty.evaluate((el) => (el as unknown as { titleText: string }).titleText), 'No webhooks');
    const listed = (await t.http.call('GET', `/lm/v1/tenants/${tenantId}/webhooks`, { cookie })).json();
    assert.equal(listed.items.length, 0);
    await assertNoStorage(page);
    console.assertClean();
    await context.close();
  } finally {
    await browser?.close();
    await t.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
