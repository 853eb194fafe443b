/**
 * The BTP cockpit over SAP Service Manager's API (`/v1`) in a real browser, against the real server: the
 * subaccount's instances arrive page by page; a Service Manager instance of plan subaccount-admin and a key of
 * it are created through the page while it shows them being created (the operation of the 202 is held back to
 * see that); the key is masked, downloads, and gets a token that lists the subaccount's instances; an instance
 * shows its credential types and scopes (its parameters) and offers only those types; a create that fails says why; a failed deletion shows its reason; deleting the key and the instance waits for their
 * operations. No console error or warning, and the key's secret never reaches the page until revealed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { signIn, startTestServer } from '../support/server.js';
import { ADMIN_PASSWORD } from '../support/landscape.js';
import { clientToken, q } from '../support/sm-v1.js';
import {
  allText,
  assertControlsLabelled,
  assertNoStorage,
  launch,
  openPage,
  screenshot,
  signInWithKeyboard,
} from './browser.js';

/**
 * Holds back the reads of the operations of `collection` until released, so that the page's "Creating…" or
 * "Deleting…" state is there to be seen however fast the server is.
 */
async function holdOperations(page: Page, collection: string): Promise<() => void> {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url) => url.pathname.startsWith(`/v1/${collection}/`) && url.pathname.includes('/operations/'),
    async (route) => {
      await held;
      await route.continue();
    },
  );
  return release;
}

test('browser: the BTP cockpit over the Service Manager API: paging, a subaccount-admin instance and its key, failures, deletes', async (context) => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
  const api = (method: string, path: string, body?: unknown) =>
    t.http.call(method, path, { cookie, ...(body === undefined ? {} : { body }) });
  const subaccountId = (await api('GET', '/btp/v1/subaccounts')).json().items[0].id as string;
  const standardPlan = (await api('GET', `/v1/service_plans?fieldQuery=${q("catalog_name eq 'standard'")}`)).json()
    .items[0].id as string;
  const createAlmInstance = async (name: string) => {
    const created = await api('POST', `/v1/service_instances?async=false&subaccount_id=${subaccountId}`, {
      name,
      service_plan_id: standardPlan,
    });
    assert.equal(created.status, 201, created.text);
    return created.json().id as string;
  };
  let browser: Browser | undefined;
  try {
    browser = await launch();
    const { page, console } = await openPage(browser, t.server.url);
    await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();

    await context.test('the subaccount page reads every page of its instances', async () => {
      await createAlmInstance('ui-page-a');
      await createAlmInstance('ui-page-b');
      const expected = (await api('GET', `/v1/service_instances?subaccount_id=${subaccountId}`)).json();
      assert.ok(expected.num_items >= 3, 'enough instances for several pages');
      // one instance a page: the page must follow `token` to the end to show them all
      let listCalls = 0;
      const onePerPage = (url: URL) => url.pathname === '/v1/service_instances';
      await page.route(onePerPage, async (route) => {
        const url = new URL(route.request().url());
        url.searchParams.set('max_items', '1');
        listCalls += 1;
        await route.continue({ url: url.toString() });
      });
      await page.goto(`/#/btp/subaccounts/${subaccountId}`);
      await page.getByRole('heading', { name: 'Instances and Subscriptions' }).waitFor();
      // the table toolbar's title counts what the page read: every page of the list
      await page
        .locator('#instances-title')
        .filter({ hasText: new RegExp(`^Instances \\(${expected.num_items}\\)$`) })
        .waitFor();
      for (const instance of expected.items as { name: string }[])
        await page.getByRole('link', { name: instance.name, exact: true }).waitFor();
      assert.equal(listCalls, expected.num_items, 'one call a page, none after the last');
      await page.unroute(onePerPage);
    });

    let instanceId = '';
    await context.test(
      'a Service Manager instance of plan subaccount-admin is created through the page, shown while it is created',
      async () => {
        await page.goto(`/#/btp/subaccounts/${subaccountId}`);
        await page.getByRole('button', { name: 'Create instance' }).click();
        await page.getByRole('dialog', { name: 'New Instance' }).waitFor();
        // the default is the SAP Cloud ALM API's standard plan with its parameters
        assert.match((await page.locator('#instance-offering').textContent()) ?? '', /SAP Cloud ALM API/);
        assert.deepEqual(await page.locator('#instance-plan ui5-option').allTextContents(), ['standard']);
        assert.ok(await page.locator('#instance-parameters').isVisible(), 'credential types and scopes offered');
        await assertControlsLabelled(page);

        await page.locator('#instance-offering').click();
        await page.getByRole('option', { name: 'Service Manager (service-manager)' }).click();
        assert.deepEqual(await page.locator('#instance-plan ui5-option').allTextContents(), [
          'container',
          'service-operator-access',
          'subaccount-admin',
          'subaccount-audit',
        ]);
        await page.locator('#instance-plan').click();
        await page.getByRole('option', { name: 'subaccount-admin' }).click();
        assert.ok(await page.locator('#instance-parameters').isHidden(), 'a Service Manager plan takes no parameters');
        // a refusal at once (SAP's `{error, description, code}`) shows its description
        await page.locator('#instance-name input').fill('ui-page-a');
        await page.locator('#create-instance-submit').click();
        await page
          .locator('ui5-dialog')
          .getByText('An instance named "ui-page-a" exists in this subaccount already.')
          .waitFor();
        console.expect(/status of 409/);
        await page.locator('#instance-name input').fill('ui-sm-admin');

        const release = await holdOperations(page, 'service_instances');
        await page.locator('#create-instance-submit').click();
        await page.getByText('Creating instance ui-sm-admin…').waitFor();
        await screenshot(page, 'btp-creating-instance');
        release();
        await page.getByRole('heading', { name: 'ui-sm-admin' }).waitFor();
        await page.getByText('Instance of Service Manager · plan subaccount-admin').waitFor();

        const adminPlan = (
          await api('GET', `/v1/service_plans?fieldQuery=${q("catalog_name eq 'subaccount-admin'")}`)
        ).json().items[0].id;
        const made = (await api('GET', `/v1/service_instances?fieldQuery=${q("name eq 'ui-sm-admin'")}`)).json();
        assert.equal(made.num_items, 1);
        assert.equal(made.items[0].service_plan_id, adminPlan);
        assert.equal(made.items[0].context.subaccount_id, subaccountId);
        instanceId = made.items[0].id;
        assert.match(page.url(), new RegExp(`#/btp/instances/${instanceId}$`));
      },
    );

    let bindingId = '';
    let secret = '';
    await context.test(
      'a key of it is created through the page, masked, downloaded, and lists instances with its token',
      async () => {
        await page.locator('#create-key').click();
        await page.locator('#key-name input').fill('ui-sm-admin-key');
        assert.deepEqual(await page.locator('#key-type ui5-option').allTextContents(), ['binding-secret', 'x509']);
        const release = await holdOperations(page, 'service_bindings');
        await page.locator('#create-key-submit').click();
        await page.getByText('Creating service key ui-sm-admin-key…').waitFor();
        release();
        const view = page.getByRole('button', { name: 'View service key ui-sm-admin-key' });
        await view.waitFor();
        await page.locator('#service-keys [data-operation-state="succeeded"]').filter({ hasText: 'Created' }).waitFor();

        const listed = (
          await api('GET', `/v1/service_bindings?fieldQuery=${q(`service_instance_id eq '${instanceId}'`)}`)
        ).json();
        assert.equal(listed.num_items, 1);
        bindingId = listed.items[0].id;
        const key = (await api('GET', `/v1/service_bindings/${bindingId}`)).json().credentials;
        secret = key.clientsecret;
        assert.ok(key.sm_url && secret, 'a service-manager key');
        assert.ok(!(await allText(page)).includes(secret), 'no secret on the page');

        await view.click();
        const json = page.locator('pre.json');
        await json.filter({ hasText: '"sm_url"' }).waitFor();
        assert.match((await json.textContent()) ?? '', /"clientsecret": "••••••••/);
        assert.ok(!(await allText(page)).includes(secret), 'the view masks the secret');
        await screenshot(page, 'btp-service-manager-key', [secret]);
        await page.locator('#reveal-secret').click();
        await json.filter({ hasText: secret }).waitFor();
        await page.getByRole('button', { name: 'Close' }).click();

        const downloading = page.waitForEvent('download');
        await page.getByRole('button', { name: 'Download service key ui-sm-admin-key' }).click();
        const download = await downloading;
        assert.equal(download.suggestedFilename(), 'ui-sm-admin-key.json');
        const file = join(mkdtempSync(join(tmpdir(), 'calm-keys-ui-')), download.suggestedFilename());
        await download.saveAs(file);
        const downloaded = JSON.parse(readFileSync(file, 'utf8'));
        assert.equal(downloaded.clientsecret, secret);

        // it is a subaccount-admin key: its token lists the subaccount's instances
        const token = await clientToken(t, downloaded.clientid, downloaded.clientsecret);
        assert.equal(token.status, 200, token.text);
        const seen = await t.http.call('GET', '/v1/service_instances', { token: token.json().access_token });
        assert.equal(seen.status, 200, seen.text);
        assert.ok(seen.json().items.some((i: { name: string }) => i.name === 'ui-sm-admin'));
      },
    );

    await context.test(
      'an instance shows its credential types and scopes; a key create whose operation fails says why',
      async () => {
        const created = await api('POST', `/v1/service_instances?async=false&subaccount_id=${subaccountId}`, {
          name: 'ui-secret-only', // allows binding-secret only
          service_plan_id: standardPlan,
          parameters: { 'xs-security': { authorities: ['$XSMASTERAPPNAME.calm-api.metrics.write'] } },
        });
        assert.equal(created.status, 201, created.text);
        const secretOnly = created.json().id as string;
        await page.goto(`/#/btp/instances/${secretOnly}`);
        await page.getByText('Instance of SAP Cloud ALM API · plan standard').waitFor();
        // from GET /v1/service_instances/{id}/parameters
        assert.deepEqual(await page.locator('#instance-scopes ui5-tag').allTextContents(), ['calm-api.metrics.write']);
        await page.getByText('binding-secret', { exact: true }).waitFor();
        await page.locator('#create-key').click();
        assert.deepEqual(
          await page.locator('#key-type ui5-option').allTextContents(),
          ['binding-secret'],
          'only the credential types the instance allows',
        );
        // the XSUAA step fails inside the operation: the instance's client went away behind the server's back
        const clientId = (
          await t.server.store.db
            .selectFrom('service_instances')
            .select('client_id')
            .where('id', '=', secretOnly)
            .executeTakeFirstOrThrow()
        ).client_id;
        await t.server.store.db.deleteFrom('oauth_clients').where('client_id', '=', clientId).execute();
        await page.locator('#key-name input').fill('client-gone');
        await page.locator('#create-key-submit').click();
        // the dialog stays open with the operation's description and SAP's errors
        await page.locator('ui5-dialog').getByText('The create failed.').waitFor();
        await page.locator('ui5-dialog').getByText(`No oauth client with id "${clientId}" exists here.`).waitFor();
        await screenshot(page, 'btp-key-creation-failed');
        await page.getByRole('button', { name: 'Cancel' }).click();
        await page.getByText('This instance has no service keys.').waitFor();
        const listed = (
          await api('GET', `/v1/service_bindings?fieldQuery=${q(`service_instance_id eq '${secretOnly}'`)}`)
        ).json();
        assert.equal(listed.num_items, 0);
      },
    );

    await context.test('a key whose deletion failed shows the state and the reason', async () => {
      // a failed delete cannot be made on purpose: the list answer is changed as the server would write it
      const bindingsList = (url: URL) => url.pathname === '/v1/service_bindings';
      await page.route(bindingsList, async (route) => {
        const response = await route.fetch();
        const body = await response.json();
        for (const item of body.items)
          item.last_operation = {
            ...item.last_operation,
            type: 'delete',
            state: 'failed',
            description: 'calm-keys stopped while the operation ran; read the resource and retry.',
            errors: [{ error: 'InternalError', description: 'The credential could not be revoked.' }],
          };
        await route.fulfill({ response, json: body });
      });
      await page.goto(`/#/btp/instances/${instanceId}`);
      const failed = page.locator('#service-keys [data-operation-type="delete"][data-operation-state="failed"]');
      await failed.filter({ hasText: 'Deletion Failed' }).waitFor();
      assert.match((await failed.textContent()) ?? '', /calm-keys stopped while the operation ran/);
      assert.match((await failed.textContent()) ?? '', /The credential could not be revoked\./);
      await page.unroute(bindingsList);
    });

    await context.test('deleting the key, then the instance, waits for their operations', async () => {
      await page.goto(`/#/btp/instances/${instanceId}`);
      await page.getByRole('button', { name: 'Delete service key ui-sm-admin-key' }).click();
      await page.getByRole('alertdialog', { name: 'Delete Service Key' }).waitFor();
      let release = await holdOperations(page, 'service_bindings');
      await page.locator('#confirm-ok').click();
      await page.getByText('Deleting service key ui-sm-admin-key…').waitFor();
      release();
      await page.getByText('This instance has no service keys.').waitFor();
      assert.equal((await api('GET', `/v1/service_bindings/${bindingId}`)).status, 404);

      await page.locator('#delete-instance').click();
      await page.getByRole('alertdialog', { name: 'Delete Instance' }).waitFor();
      release = await holdOperations(page, 'service_instances');
      await page.locator('#confirm-ok').click();
      await page.getByText('Deleting instance ui-sm-admin…').waitFor();
      release();
      await page.getByRole('heading', { name: 'Instances and Subscriptions' }).waitFor();
      await page.getByRole('link', { name: 'ui-page-a', exact: true }).waitFor();
      assert.equal(await page.getByRole('link', { name: 'ui-sm-admin', exact: true }).count(), 0);
      assert.equal((await api('GET', `/v1/service_instances/${instanceId}`)).status, 404);
    });

    await assertNoStorage(page);
    assert.ok(!console.all.some((line) => line.includes(secret)), 'the secret never reaches the console');
    console.assertClean();
  } finally {
    await browser?.close();
    await t.close();
  }
});
