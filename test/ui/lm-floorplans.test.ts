/**
 * The Landscape Management pages as Fiori floorplans, in the browser against the real server with the demo
 * landscape (issue 19): the object page header of a tenant shows its facts as the REST API has them (tenant,
 * identity zone, the service key's status, how many services and systems, how many monitored) and keeps the
 * count current when monitoring is switched; the lists have a toolbar with the count ("Managed Objects (3)",
 * "(1 of 3)" while searching), a search and a sort (column and direction); an empty list and a search without
 * results are illustrated messages; axe finds nothing serious or critical; a 600 px window still fits.
 * No console error or warning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { signIn, startTestServer } from '../support/server.js';
import { ADMIN_PASSWORD } from '../support/landscape.js';
import { assertNoSeriousA11yViolations, assertNoStorage, launch, openPage, signInWithKeyboard } from './browser.js';

/** How far anything on the page reaches past the window's right edge (0 or less: nothing does). */
const STICKING_OUT = `Math.max(
  document.documentElement.scrollWidth - window.innerWidth,
  ...[...document.querySelectorAll('main.page, main.page *')].map((e) => e.getBoundingClientRect().right - window.innerWidth),
)`;

async function fits(page: Page, what: string): Promise<void> {
  let wider = Infinity;
  for (let attempt = 0; attempt < 30 && wider > 1; attempt += 1) {
    if (attempt > 0) await page.waitForTimeout(100);
    wider = Number(await page.evaluate(STICKING_OUT));
  }
  assert.ok(wider <= 1, `${what}: sticks out ${wider} px past the right edge of a 600 px window`);
}

const text = async (page: Page, selector: string) => ((await page.locator(selector).textContent()) ?? '').trim();

/** The first cell's bold name of each row of a table, in the order shown. */
const rowNames = (page: Page, table: string) =>
  page.locator(`${table} ui5-table-row ui5-table-cell:first-child strong`).allTextContents();

/** The illustration and title of a table's noData slot. */
async function illustration(page: Page, table: string): Promise<{ name: string; title: string }> {
  const message = page.locator(`${table} > ui5-illustrated-message`);
  await message.waitFor();
  return message.evaluate((el) => {
    const m = el as unknown as { name: string; titleText: string };
    return { name: m.name, title: m.titleText };
  });
}

test('browser: Landscape Management floorplans: header facts, toolbars with count, search and sort, empty states, narrow window', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  let browser: Browser | undefined;
  try {
    const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const tenants = (await t.http.call('GET', '/lm/v1/tenants', { cookie })).json().items as {
      tenantId: string;
      name: string;
      identityZone: string;
    }[];
    const tenant = tenants[0]!;
    const tenantId = tenant.tenantId;
    // two more to sort and search: a system and a service whose names sort first and last
    for (const [kind, name] of [
      ['system', 'Zulu ERP System'],
      ['service', 'Alpha Integration Suite'],
    ] as const) {
      const created = await t.http.call('POST', `/lm/v1/tenants/${tenantId}/managed-objects`, {
        cookie,
        body: { kind, name, objectType: kind === 'system' ? 'S4HANA' : 'Integration Suite' },
      });
      assert.equal(created.status, 201, created.text);
    }
    const objects = (await t.http.call('GET', `/lm/v1/tenants/${tenantId}/managed-objects`, { cookie })).json() as {
      items: { id: string; name: string; kind: string; monitoringEnabled: boolean }[];
      serviceKey: { status: string } | null;
    };
    assert.ok(objects.items.length >= 3);

    browser = await launch();
    const { page, console, context } = await openPage(browser, t.server.url);
    await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();

    // the tenants: a toolbar with the count; a search without results is NoSearchResults, and back
    await page.goto('/#/lm');
    await page
      .locator('#tenants-title')
      .filter({ hasText: `Cloud ALM Tenants (${tenants.length})` })
      .waitFor();
    await page.locator('#tenants-search input').fill('no-such-tenant-anywhere');
    await page
      .locator('#tenants-title')
      .filter({ hasText: `(0 of ${tenants.length})` })
      .waitFor();
    assert.equal((await illustration(page, '#tenants-table')).name, 'NoSearchResults');
    await assertNoSeriousA11yViolations(page, 'Landscape Management tenants, a search without results');
    await page.locator('#tenants-search input').fill(tenant.identityZone);
    await page.locator('#tenants-table').getByRole('link', { name: tenant.name, exact: true }).click();

    // the tenant's object page header: the facts as the REST API has them
    await page.getByRole('heading', { name: 'Services and Systems', exact: true }).waitFor();
    const total = objects.items.length;
    await page
      .locator('#objects-title')
      .filter({ hasText: `Managed Objects (${total})` })
      .waitFor();
    assert.equal(await text(page, '#fact-tenant'), tenant.name);
    assert.equal(await text(page, '#fact-identity-zone'), tenant.identityZone);
    assert.equal(
      await page.locator('#fact-service-key [data-status]').first().getAttribute('data-status'),
      objects.serviceKey?.status ?? 'none',
    );
    const count = (kind: string) => String(objects.items.filter((o) => o.kind === kind).length);
    assert.equal(await text(page, '#fact-services'), count('service'));
    assert.equal(await text(page, '#fact-systems'), count('system'));
    const monitored = objects.items.filter((o) => o.monitoringEnabled).length;
    assert.equal(await text(page, '#fact-monitored'), String(monitored));

    // sorted by name, ascending, then descending with the direction button
    const byName = objects.items.map((o) => o.name).sort((a, b) => a.localeCompare(b, 'en'));
    assert.deepEqual(await rowNames(page, '#managed-objects'), byName);
    await page.locator('#objects-direction').click();
    assert.deepEqual(await rowNames(page, '#managed-objects'), [...byName].reverse());
    assert.match((await page.locator('#objects-direction').getAttribute('accessible-name')) ?? '', /Descending/);
    await page.locator('#objects-direction').click();

    // the search filters as one types and says how many of how many
    await page.locator('#objects-search input').fill('zulu');
    await page
      .locator('#objects-title')
      .filter({ hasText: `Managed Objects (1 of ${total})` })
      .waitFor();
    assert.deepEqual(await rowNames(page, '#managed-objects'), ['Zulu ERP System']);
    await page.locator('#objects-search input').fill('');
    await page
      .locator('#objects-title')
      .filter({ hasText: `Managed Objects (${total})` })
      .waitFor();

    // switching monitoring on keeps the header's count current (and the server agrees)
    const alpha = objects.items.find((o) => o.name === 'Alpha Integration Suite')!;
    await page.getByRole('switch', { name: 'Monitoring of Alpha Integration Suite' }).click();
    await page
      .locator('#fact-monitored')
      .filter({ hasText: String(monitored + 1) })
      .waitFor();
    const after = (await t.http.call('GET', `/lm/v1/tenants/${tenantId}/managed-objects`, { cookie })).json();
    assert.equal(after.items.find((o: { id: string }) => o.id === alpha.id).monitoringEnabled, true);
    await assertNoSeriousA11yViolations(page, 'Services and Systems with the header and the toolbar');

    // empty lists are illustrated messages: the webhooks of the demo tenant, the recently deleted keys
    await page.goto(`/#/lm/${tenantId}/webhooks`);
    await page.locator('#webhooks-list-title').filter({ hasText: 'Webhooks (0)' }).waitFor();
    assert.deepEqual(await illustration(page, '#webhooks'), { name: 'NoData', title: 'No webhooks' });
    assert.equal(await text(page, '#fact-enabled-webhooks'), '0');
    await assertNoSeriousA11yViolations(page, 'Webhooks, empty');

    await page.goto(`/#/lm/${tenantId}/configuration`);
    await page.locator('#key-status').waitFor();
    const slot = (await t.http.call('GET', `/lm/v1/tenants/${tenantId}/service-key`, { cookie })).json();
    assert.equal(
      await page.locator('#fact-service-key [data-status]').first().getAttribute('data-status'),
      slot.key.status.value,
    );
    assert.equal(await text(page, '#fact-credential-type'), slot.key.summary.credentialType ?? '—');
    assert.deepEqual(await illustration(page, '#deleted-keys'), { name: 'NoData', title: 'No deleted keys' });
    await page.locator('#deleted-keys-list-title').filter({ hasText: 'Deleted Keys (0)' }).waitFor();
    await assertNoSeriousA11yViolations(page, 'Configuration with the header, empty Recently deleted');

    // a 600 px window: the header's facts and the toolbars wrap, nothing sticks out, the search stays usable
    await page.setViewportSize({ width: 600, height: 900 });
    await fits(page, 'the configuration');
    for (const [path, heading] of [
      [`/#/lm/${tenantId}`, 'Services and Systems'],
      ['/#/lm', 'Landscape Management'],
      [`/#/lm/${tenantId}/status-events`, 'Service Status Events'],
      [`/#/lm/${tenantId}/projects`, 'Projects'],
    ] as const) {
      await page.goto(path);
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      await page.locator('main.page ui5-table').first().waitFor();
      await fits(page, path);
    }
    await page.goto(`/#/lm/${tenantId}`);
    await page
      .locator('#objects-title')
      .filter({ hasText: `Managed Objects (${total})` })
      .waitFor();
    await fits(page, 'Services and Systems');
    assert.ok(await page.locator('#objects-search').isVisible(), 'the search is shown in a narrow window');
    await page.locator('#objects-search input').fill('alpha');
    assert.deepEqual(await rowNames(page, '#managed-objects'), ['Alpha Integration Suite']);
    await assertNoSeriousA11yViolations(page, 'Services and Systems at 600 px');

    // in German (SAP's sap-ui-language): the same page with SAP's German terms, no raw text key, axe clean
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`/?sap-ui-language=de#/lm/${tenantId}`);
    await page.getByRole('heading', { name: 'Services und Systeme', exact: true }).waitFor();
    await page
      .locator('#objects-title')
      .filter({ hasText: `Verwaltete Objekte (${total})` })
      .waitFor();
    const german = (await page.locator('main.page').innerText()).replace(/\s+/g, ' ');
    for (const word of [
      'Mandant',
      'Identitätszone',
      'SAP-Cloud-ALM-Serviceschlüssel',
      'Überwachung ein',
      'Letzter Push',
    ])
      assert.ok(german.includes(word), `the German page says ${word}: ${german.slice(0, 300)}`);
    assert.doesNotMatch(german, /\blm[A-Z][A-Za-z]*\.[a-z]/, 'no raw text key on the page');
    await page.goto(`/?sap-ui-language=de#/lm/${tenantId}/status-events`);
    await page.getByRole('heading', { name: 'Servicestatusereignisse', exact: true }).waitFor();
    await page.locator('#events-title').filter({ hasText: 'Statusereignisse (' }).waitFor();
    await assertNoSeriousA11yViolations(page, 'Service Status Events in German');
    await page.goto(`/?sap-ui-language=de#/lm/${tenantId}/configuration`);
    await page.getByRole('heading', { name: 'SAP-Cloud-ALM-Serviceschlüssel', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Test des Serviceschlüssels' }).waitFor();
    assert.match(await text(page, '#key-status-reason'), /^(Noch nicht getestet|Test bestanden|Test fehlgeschlagen)/);
    await assertNoSeriousA11yViolations(page, 'Configuration in German');

    await assertNoStorage(page);
    console.assertClean();
    await context.close();
  } finally {
    await browser?.close();
    await t.close();
  }
});
