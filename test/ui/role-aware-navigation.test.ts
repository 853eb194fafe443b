/**
 * Role-aware navigation and the "No authorization" page (issue 19), with users holding one role each, created
 * over REST: a Landscape Management Viewer lands in Landscape Management and sees no cockpit or audit log link;
 * the service-key page, which the server refuses them with 403, and the audit log, an area they hold no role for,
 * are a "No authorization" illustrated message naming the role collection to ask for (not "Something went wrong"
 * with a permission id);
 * a Subaccount Administrator lands in the cockpit and sees no Landscape Management link. axe-core finds no
 * serious or critical violation on the page. The browser logs the 403 response; nothing else.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, startTestServer } from '../support/server.js';
import { ADMIN_PASSWORD, USER_PASSWORD, userWithRoles } from '../support/landscape.js';
import { allText, assertNoSeriousA11yViolations, launch, openPage, signInWithKeyboard } from './browser.js';
import type { Page } from 'playwright-core';

const navItems = async (page: Page) =>
  (
    await page.locator('ui5-side-navigation-item').evaluateAll((items) => items.map((i) => i.getAttribute('text')))
  ).sort();

test('browser: people land where they hold a role, see only the links they can use, and a 403 names the role collection', async (context) => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  const browser = await launch();
  try {
    const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const tenantId = (await t.http.call('GET', '/lm/v1/tenants', { cookie })).json().items[0].tenantId as string;
    const subaccountId = (await t.http.call('GET', '/btp/v1/subaccounts', { cookie })).json().items[0].id as string;
    await userWithRoles(t, cookie, 'lm-viewer', [{ role: 'x_landscape_Viewer', scopeId: tenantId }]);
    await userWithRoles(t, cookie, 'sub-admin', [{ role: 'SubaccountAdministrator', scopeId: subaccountId }]);

    await context.test('a Landscape Management Viewer', async () => {
      const { page, console, context: ctx } = await openPage(browser, t.server.url);
      await signInWithKeyboard(page, 'lm-viewer', USER_PASSWORD);
      await page.getByRole('heading', { name: 'Landscape Management', exact: true }).waitFor();
      assert.match(page.url(), /#\/lm$/, 'lands in Landscape Management');
      assert.deepEqual(await navItems(page), ['Landscape Management'], 'no cockpit, no audit log');

      await page.goto(`/#/lm/${tenantId}/configuration`);
      await page.getByRole('heading', { name: 'No authorization' }).waitFor();
      await page.locator('#no-authorization').waitFor();
      const text = await allText(page);
      assert.match(text, /Ask your administrator for one of the role collections Landscape Management Security Viewer/);
      assert.ok(!text.includes('Something went wrong'), 'not the generic error');
      assert.ok(!/lm\.service_key\.\w+/.test(text), 'no permission id on the page');
      console.expect(/status of 403/);
      await assertNoSeriousA11yViolations(page, 'No authorization');

      // an area they hold no role for, typed in: the same page, without asking the server
      await page.goto('/#/audit');
      await page.getByRole('heading', { name: 'No authorization' }).waitFor();
      await page.locator('#no-authorization').waitFor();
      assert.match(await allText(page), /Ask your administrator for the role collection calm-keys Administrator\./);
      console.assertClean();
      await ctx.close();
    });

    await context.test('a Subaccount Administrator', async () => {
      const { page, console, context: ctx } = await openPage(browser, t.server.url);
      await signInWithKeyboard(page, 'sub-admin', USER_PASSWORD);
      await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();
      assert.deepEqual(await navItems(page), ['BTP Cockpit'], 'no Landscape Management, no audit log');
      console.assertClean();
      await ctx.close();
    });
  } finally {
    await browser.close();
    await t.close();
  }
});
