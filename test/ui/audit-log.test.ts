/**
 * The audit log page for people (issue 19): actions in words, tenants by name, times to the second, filters by
 * choice (a tenant chosen by its name, actions chosen by their names), a date range, and *Export CSV* of every
 * event the filters match. Opening the service-key page is not recorded as a read of the secret.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { signIn, startTestServer } from '../support/server.js';
import { ADMIN_PASSWORD, btpKey, emptyTenant, uploadRaw } from '../support/landscape.js';
import { assertNoSeriousA11yViolations, launch, openPage, screenshot, signInWithKeyboard } from './browser.js';

test('browser: the audit log in words, filtered by choice and date range, exported as CSV', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD }, start: { demo: false } });
  const browser = await launch();
  try {
    const admin = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const tenant = await emptyTenant(t, admin);
    const key = await btpKey(t, tenant.cookie, tenant.subaccountId);
    assert.equal((await uploadRaw(t, tenant.cookie, tenant.tenantId, key.keyText)).status, 201);
    const revealed = await t.http.call('POST', `/lm/v1/tenants/${tenant.tenantId}/service-key/reveal`, {
      cookie: tenant.cookie,
    });
    assert.equal(revealed.status, 200, revealed.text);
    const tenantName = (
      (await t.http.call('GET', '/audit/v1/tenants', { cookie: tenant.cookie })).json().tenants as {
        id: string;
        name: string;
      }[]
    ).find((x) => x.id === tenant.tenantId)!.name;

    const { page, console } = await openPage(browser, t.server.url);
    await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
    await page.locator('#page-title').waitFor();
    // a visit of the service-key page (and its Display) is no read of a secret: nothing to find for it below
    await page.goto(`/#/lm/${tenant.tenantId}/configuration`);
    await page.locator('#key-status').waitFor();

    await page.goto('/#/audit');
    await page.getByRole('heading', { name: 'Audit Log' }).waitFor();
    const table = page.locator('#audit-table');
    await table.locator('ui5-table-row').first().waitFor();
    // words, not codes; times to the second in the locale (en-GB: "3 Dec 2026, 14:02:09")
    await table.locator('ui5-table-row').filter({ hasText: 'Service key uploaded' }).first().waitFor();
    const codes = table.getByText('lm.service_key.uploaded', { exact: true });
    assert.equal(await codes.count(), 0, 'no action codes');
    assert.match((await table.locator('time').first().textContent()) ?? '', /^\d{1,2} \w{3} \d{4}, \d{2}:\d{2}:\d{2}$/);
    const uploadedRow = table.locator('ui5-table-row').filter({ hasText: 'Service key uploaded' }).first();
    assert.match((await uploadedRow.textContent()) ?? '', new RegExp(tenantName), 'the tenant by name');
    assert.equal(await table.locator('ui5-table-row').filter({ hasText: 'Service key displayed (masked' }).count(), 0);

    // the tenant by its name, two actions by theirs
    await page.locator('#filter-tenant').click();
    await page.locator('ui5-option', { hasText: tenantName }).click();
    await page.waitForURL(new RegExp(`tenantId=${tenant.tenantId}`));
    for (const name of ['Service key uploaded', 'Service key secret revealed']) {
      await page.locator('#filter-action input').fill(name);
      await page.locator('#filter-action input').press('Enter');
    }
    await page.waitForURL(/action=[^&]*lm\.service_key\.uploaded/);
    await page.waitForURL(/action=[^&]*lm\.service_key\.revealed/);
    const rows = table.locator('ui5-table-row');
    await rows.filter({ hasText: 'Service key secret revealed' }).first().waitFor();
    for (const text of await rows.allTextContents())
      assert.match(text, /Service key uploaded|Service key secret revealed/, 'only the chosen actions');
    assert.equal(await rows.filter({ hasText: 'Signed in' }).count(), 0);
    await assertNoSeriousA11yViolations(page, 'the filtered audit log');
    await screenshot(page, 'audit-log', [key.secret]);

    // Export CSV: the events the filters match, in words and codes, the tenant's name and id
    const shown = await rows.count();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#audit-export').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    assert.match(lines[0]!, /^Time \(UTC\),Time \(local\),Action,Action code,Outcome,Actor/);
    assert.equal(lines.length - 1, shown, 'one line per filtered event');
    assert.ok(lines.slice(1).every((l) => /lm\.service_key\.uploaded|lm\.service_key\.revealed/.test(l)));
    assert.ok(
      lines.some((l) =>
        l.includes(`Service key uploaded,lm.service_key.uploaded,Success,admin,user,${tenantName},${tenant.tenantId}`),
      ),
    );
    assert.ok(!csv.includes(key.secret), 'no secret in the export');

    // a date range in the past matches nothing (from the URL: the field shows it in the locale, no ISO date);
    // today's, typed as the field writes dates, matches again
    const filtered = page.url();
    await page.goto(`${filtered}&from=2020-01-01&to=2020-01-02`);
    await page.getByText('No events match these filters.').waitFor();
    const shownRange = (await page.locator('#filter-dates input').inputValue()) ?? '';
    assert.match(shownRange, /2020/);
    assert.doesNotMatch(shownRange, /2020-01-01/, `the range in the locale: ${shownRange}`);
    // UI5 writes dates with the CLDR data bundled (en: "Jan 1, 2020 - Jan 2, 2020"); type today's the same way
    assert.match(shownRange, /^Jan 1, 2020 - Jan 2, 2020$/);
    const day = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric' }).format(
      new Date(),
    );
    const typed = `${day} - ${day}`;
    await page.locator('#filter-dates input').fill(typed);
    await page.locator('#filter-dates input').press('Enter');
    await rows.filter({ hasText: 'Service key secret revealed' }).first().waitFor();
    console.assertClean();
  } finally {
    await browser.close();
    await t.close();
  }
});
