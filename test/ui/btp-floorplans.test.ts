/**
 * The BTP cockpit's floorplans in a real browser, against the real server (issue 19): the lists' toolbars (the
 * count in the title, a search that filters the rows, a sort by column and direction, the illustrated
 * no-results state) on the subaccount's instances and an instance's service keys; the instance's object page
 * header with its key facts, checked against the REST answers; Delete instance from the header through its
 * dialog by keyboard only (it names the keys deleted with it and says that Landscape Management's copies are
 * not; Cancel has the focus first; Escape gives the focus back; a refused delete is a message strip in the
 * dialog); axe on the pages and the dialog; a 600 px window. One server and one browser for the file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { signIn, startTestServer } from '../support/server.js';
import { ADMIN_PASSWORD } from '../support/landscape.js';
import { q } from '../support/sm-v1.js';
import {
  assertNoSeriousA11yViolations,
  focused,
  focusIs,
  launch,
  openPage,
  pressUntil,
  settled,
  signInWithKeyboard,
} from './browser.js';

/** The names of the links of a table's rows, in the order shown. */
const rowNames = (page: Page, table: string) =>
  page
    .locator(`${table} ui5-table-row`)
    .evaluateAll((rows) => rows.map((row) => (row.querySelector('ui5-link, strong')?.textContent ?? '').trim()));

/** How far anything of the page reaches past the window's right edge (0 or less: nothing does). */
const STICKING_OUT = `Math.max(
  document.documentElement.scrollWidth - window.innerWidth,
  ...[...document.querySelectorAll('main.page, main.page *')].map((e) => e.getBoundingClientRect().right - window.innerWidth),
)`;

test('browser: BTP floorplans: toolbars with count, search and sort; the instance header; Delete instance by keyboard', async (context) => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
  const api = (method: string, path: string, body?: unknown) =>
    t.http.call(method, path, { cookie, ...(body === undefined ? {} : { body }) });
  const browser = await launch();
  try {
    const subaccountId = (await api('GET', '/btp/v1/subaccounts')).json().items[0].id as string;
    const standardPlan = (await api('GET', `/v1/service_plans?fieldQuery=${q("catalog_name eq 'standard'")}`)).json()
      .items[0].id as string;
    const createInstance = async (name: string, credentialTypes: string[]) => {
      const created = await api('POST', `/v1/service_instances?async=false&subaccount_id=${subaccountId}`, {
        name,
        service_plan_id: standardPlan,
        parameters: { 'xs-security': { 'oauth2-configuration': { 'credential-types': credentialTypes } } },
      });
      assert.equal(created.status, 201, created.text);
      return created.json().id as string;
    };
    const createKey = async (instanceId: string, name: string, type: string) => {
      const created = await api('POST', '/v1/service_bindings?async=false', {
        name,
        service_instance_id: instanceId,
        parameters: { 'credential-type': type },
      });
      assert.equal(created.status, 201, created.text);
    };
    const floorId = await createInstance('floor-b-instance', ['binding-secret', 'instance-secret']);
    await createInstance('floor-a-instance', ['binding-secret']);
    await createKey(floorId, 'key-beta', 'binding-secret');
    await createKey(floorId, 'key-alpha', 'instance-secret');
    const instances = (await api('GET', `/v1/service_instances?subaccount_id=${subaccountId}`)).json();

    const { page, console } = await openPage(browser, t.server.url);
    await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();

    await context.test('the account explorer: counts of global accounts and subaccounts', async () => {
      const accounts = (await api('GET', '/btp/v1/global_accounts')).json().items.length as number;
      const subaccounts = (await api('GET', '/btp/v1/subaccounts')).json().items.length as number;
      await page.getByRole('heading', { name: `Global Accounts (${accounts})`, exact: true }).waitFor();
      await page.getByRole('heading', { name: `Subaccounts (${subaccounts})`, exact: true }).waitFor();
      await assertNoSeriousA11yViolations(page, 'Account Explorer with toolbars');
    });

    await context.test('the subaccount: instances counted, searched and sorted', async () => {
      await page.goto(`/#/btp/subaccounts/${subaccountId}`);
      await settled(page);
      const total = instances.num_items as number;
      const title = page.locator('#instances-title');
      await page.getByRole('heading', { name: `Instances (${total})`, exact: true }).waitFor();
      const all = (instances.items as { name: string }[]).map((i) => i.name);
      const byName = [...all].sort((a, b) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' }));
      assert.deepEqual(await rowNames(page, '#instances-toolbar ~ * ui5-table'), byName, 'sorted by name, A to Z');

      // Z to A with the direction button, by keyboard
      await page.locator('#instances-direction').focus();
      await page.keyboard.press('Space');
      await page.locator('#instances-direction[pressed]').waitFor();
      assert.equal(await page.locator('#instances-direction').getAttribute('tooltip'), 'Descending');
      assert.deepEqual(await rowNames(page, '#instances-toolbar ~ * ui5-table'), [...byName].reverse());

      // the search filters as one types; the count says how many of how many
      await page.locator('#instances-search input').fill('floor');
      await title.filter({ hasText: `Instances (2 of ${total})` }).waitFor();
      assert.deepEqual(await rowNames(page, '#instances-toolbar ~ * ui5-table'), [
        'floor-b-instance',
        'floor-a-instance',
      ]);
      // every word must match, in any field (the service's name too)
      await page.locator('#instances-search input').fill('SAP Cloud ALM API floor-a');
      await title.filter({ hasText: `Instances (1 of ${total})` }).waitFor();
      await page.locator('#instances-search input').fill('no-such-instance');
      await title.filter({ hasText: `Instances (0 of ${total})` }).waitFor();
      const illustrated = page.locator('#instances-toolbar ~ * ui5-illustrated-message[name="NoSearchResults"]');
      await illustrated.waitFor();
      await page.getByText('No matching instances').waitFor();
      await assertNoSeriousA11yViolations(page, 'subaccount: search without results');
      // Escape empties the search
      await page.locator('#instances-search input').focus();
      await page.keyboard.press('Escape');
      await title.filter({ hasText: `Instances (${total})` }).waitFor();

      // sort by another column: Created, newest first (descending is still on)
      await page.locator('#instances-sort').click();
      await page.getByRole('option', { name: 'Created' }).click();
      const byCreated = [...(instances.items as { name: string; created_at: string }[])]
        .sort((a, b) => b.created_at.localeCompare(a.created_at))
        .map((i) => i.name);
      await page
        .locator('#instances-toolbar ~ * ui5-table-row')
        .first()
        .getByRole('link', { name: byCreated[0], exact: true })
        .waitFor();
      assert.deepEqual(await rowNames(page, '#instances-toolbar ~ * ui5-table'), byCreated);
      await assertNoSeriousA11yViolations(page, 'subaccount with toolbars');
    });

    await context.test('the instance: header facts as the REST data says', async () => {
      await page.goto(`/#/btp/instances/${floorId}`);
      await settled(page, 'floor-b-instance');
      const instance = (await api('GET', `/v1/service_instances/${floorId}`)).json();
      const parameters = (await api('GET', `/v1/service_instances/${floorId}/parameters`)).json();
      const bindings = (
        await api('GET', `/v1/service_bindings?fieldQuery=${q(`service_instance_id eq '${floorId}'`)}`)
      ).json();
      const fact = (id: string) => page.locator(`#fact-${id}`).innerText();
      await page
        .locator('#fact-key-count')
        .filter({ hasText: String(bindings.num_items) })
        .waitFor();
      assert.equal(await fact('key-count'), '2');
      assert.equal((await fact('service')).replace(/\s+/g, ' '), 'SAP Cloud ALM API SAPCloudALMAPIs');
      assert.equal(await fact('plan'), 'standard');
      assert.equal(
        await fact('credential-types'),
        parameters['xs-security']['oauth2-configuration']['credential-types'].join(', '),
      );
      assert.equal(await fact('credential-types'), 'binding-secret, instance-secret');
      assert.equal(instance.last_operation.state, 'succeeded');
      assert.equal(await fact('status'), 'Created');
      const created = await fact('created');
      assert.doesNotMatch(created, /\d{4}-\d{2}-\d{2}T/, 'no raw ISO time');
      assert.match(created, new RegExp(String(new Date(instance.created_at).getUTCFullYear())));
      await page.getByRole('heading', { name: 'Service Keys (2)', exact: true }).waitFor();
      assert.deepEqual(await rowNames(page, '#service-keys'), ['key-alpha', 'key-beta']);
      await page.locator('#keys-search input').fill('beta');
      await page.locator('#keys-title').filter({ hasText: 'Service Keys (1 of 2)' }).waitFor();
      assert.deepEqual(await rowNames(page, '#service-keys'), ['key-beta']);
      await page.locator('#keys-search input').fill('');
      await page.locator('#keys-title').filter({ hasText: 'Service Keys (2)' }).waitFor();
      await assertNoSeriousA11yViolations(page, 'instance: object page header and keys toolbar');
    });

    await context.test('Delete instance: the dialog by keyboard, a refusal shown in it, then the delete', async () => {
      // a navigation (not the same address again), so that the focus starts on the page's title
      await page.goto(`/#/btp/subaccounts/${subaccountId}`);
      await settled(page, 'Instances and Subscriptions');
      await page.goto(`/#/btp/instances/${floorId}`);
      await settled(page, 'floor-b-instance');
      await page.locator('#page-title:focus').waitFor();
      // the header action comes right after the title
      await pressUntil(page, 'Tab', /^ui5-button#delete-instance: Delete instance floor-b-instance/, 3);
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('alertdialog', { name: 'Delete Instance' });
      await dialog.waitFor();
      await focusIs(page, /^ui5-button#confirm-cancel: Cancel/);
      assert.match(await page.locator('#delete-instance-keys').innerText(), /Its 2 service keys are deleted with it/);
      assert.deepEqual(await page.locator('#delete-instance-keys li').allInnerTexts(), ['key-alpha', 'key-beta']);
      await page
        .locator('ui5-dialog')
        .getByText('are not deleted with it: they are flagged "Deleted in BTP" there')
        .waitFor();
      await assertNoSeriousA11yViolations(page, 'Delete Instance dialog');
      // Escape closes it, nothing deleted, the focus back on the header action
      await page.keyboard.press('Escape');
      await page.locator('ui5-dialog').waitFor({ state: 'detached' });
      assert.match(await focused(page), /^ui5-button#delete-instance: Delete instance floor-b-instance/);
      assert.equal((await api('GET', `/v1/service_instances/${floorId}`)).status, 200);

      // a refusal of the server: shown in the dialog as a message strip, the focus on Cancel
      const deleting = (url: URL) => url.pathname === `/v1/service_instances/${floorId}`;
      await page.route(deleting, async (route) =>
        route.request().method() === 'DELETE'
          ? route.fulfill({
              status: 409,
              contentType: 'application/json',
              body: JSON.stringify({ error: 'Conflict', description: 'The instance is being changed. Retry later.' }),
            })
          : route.continue(),
      );
      await page.keyboard.press('Enter');
      await dialog.waitFor();
      await focusIs(page, /^ui5-button#confirm-cancel: Cancel/);
      await page.keyboard.press('Shift+Tab');
      assert.match(await focused(page), /^ui5-button#confirm-ok: Delete/);
      await page.keyboard.press('Enter');
      await page
        .locator('ui5-dialog ui5-message-strip[design="Negative"]')
        .getByText('The instance is being changed.')
        .waitFor();
      await focusIs(page, /^ui5-button#confirm-cancel: Cancel/);
      console.expect(/409/);
      await assertNoSeriousA11yViolations(page, 'Delete Instance dialog with its error');
      await page.unroute(deleting);

      // now for real: Shift+Tab to Delete, Enter; the subaccount opens, the instance and its keys are gone
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Instances and Subscriptions' }).waitFor();
      await page.getByRole('heading', { name: `Instances (${instances.num_items - 1})`, exact: true }).waitFor();
      assert.equal(await page.getByRole('link', { name: 'floor-b-instance', exact: true }).count(), 0);
      assert.equal((await api('GET', `/v1/service_instances/${floorId}`)).status, 404);
      const left = await api('GET', `/v1/service_bindings?fieldQuery=${q(`service_instance_id eq '${floorId}'`)}`);
      assert.equal(left.json().num_items, 0, 'its keys are deleted with it');
    });

    await context.test("in German (sap-ui-language=de): SAP's cockpit terms, the header and the dialog", async () => {
      const floorA = (instances.items as { id: string; name: string }[]).find((i) => i.name === 'floor-a-instance')!;
      await page.goto(`/?sap-ui-language=de#/btp/subaccounts/${subaccountId}`);
      await page.getByRole('heading', { name: 'Instanzen und Abonnements' }).waitFor();
      await page.getByRole('heading', { name: `Instanzen (${instances.num_items - 1})`, exact: true }).waitFor();
      await page.locator('#instances-search input').fill('floor');
      await page
        .locator('#instances-title')
        .filter({ hasText: `Instanzen (1 von ${instances.num_items - 1})` })
        .waitFor();
      await page.goto(`/?sap-ui-language=de#/btp/instances/${floorA.id}`);
      await settled(page, 'floor-a-instance');
      await page.getByRole('heading', { name: 'Serviceschlüssel (0)', exact: true }).waitFor();
      assert.equal(await page.locator('#fact-credential-types-label').innerText(), 'Typen der Anmeldedaten');
      assert.equal(await page.locator('#fact-status').innerText(), 'Angelegt');
      await page.getByText('Keine Serviceschlüssel', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Instanz floor-a-instance löschen' }).click();
      await page.getByRole('alertdialog', { name: 'Instanz löschen' }).waitFor();
      assert.equal(
        await page.locator('#delete-instance-keys').innerText(),
        'Sie hat keine Serviceschlüssel. Der OAuth-Client der Instanz wird mit gelöscht.',
      );
      await assertNoSeriousA11yViolations(page, 'Delete Instance dialog in German');
      await page.keyboard.press('Escape');
      await page.locator('ui5-dialog').waitFor({ state: 'detached' });
      // back to English: the address without the parameter
      await page.goto('/#/btp');
      await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();
    });

    await context.test('a 600 px window: the toolbars wrap, nothing sticks out, the search is usable', async () => {
      await page.setViewportSize({ width: 600, height: 800 });
      try {
        for (const [path, toolbar] of [
          [`/#/btp/subaccounts/${subaccountId}`, 'instances'],
          [
            `/#/btp/instances/${instances.items.find((i: { name: string }) => i.name === 'floor-a-instance').id}`,
            'keys',
          ],
          ['/#/btp', 'subaccounts'],
        ] as const) {
          await page.goto(path);
          await settled(page);
          await page.locator(`#${toolbar}-search`).waitFor();
          let wider = Infinity;
          for (let attempt = 0; attempt < 30 && wider > 1; attempt += 1) {
            if (attempt > 0) await page.waitForTimeout(100);
            wider = Number(await page.evaluate(STICKING_OUT));
          }
          assert.ok(wider <= 1, `${path}: sticks out ${wider} px past a 600 px window`);
          const box = await page.locator(`#${toolbar}-search`).boundingBox();
          const bar = await page.locator(`#${toolbar}-toolbar`).boundingBox();
          assert.ok(box && bar && box.width >= bar.width * 0.9, `${path}: the search takes the toolbar's width`);
          assert.ok(await page.locator(`#${toolbar}-sort`).isVisible(), `${path}: the sort is there`);
        }
        await assertNoSeriousA11yViolations(page, 'account explorer, 600 px');
      } finally {
        await page.setViewportSize({ width: 1280, height: 800 });
      }
    });
    console.assertClean();
  } finally {
    await browser.close();
    await t.close();
  }
});
