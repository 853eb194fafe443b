/**
 * Certificate expiry in a real browser (issue 17): the cockpit's Service Keys table shows an x509 key's end as
 * "Expires on <date> (in N days)" with the *Expires very soon* tag and a message strip, a secret key a dash; the
 * Landscape Management service-key section shows a strip for a slot key carrying that certificate. No console
 * error or warning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCatalogPlan } from '../../src/btp/catalog.js';
import { signIn, startTestServer } from '../support/server.js';
import { ADMIN_PASSWORD, emptyTenant, uploadMultipart } from '../support/landscape.js';
import { launch, openPage, signInWithKeyboard } from './browser.js';

test('browser: an x509 key 5 days from its end is shown as expiring very soon in the cockpit and in LM', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD }, start: { demo: false } });
  const browser = await launch();
  try {
    const tenant = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
    const api = (method: string, path: string, body?: unknown) =>
      t.http.call(method, path, { cookie: tenant.cookie, ...(body === undefined ? {} : { body }) });
    const instance = await api('POST', `/v1/service_instances?async=false&subaccount_id=${tenant.subaccountId}`, {
      name: 'ui-expiry',
      service_plan_id: findCatalogPlan('SAPCloudALMAPIs', 'standard')!.plan.id,
      parameters: { 'xs-security': { 'oauth2-configuration': { 'credential-types': ['binding-secret', 'x509'] } } },
    });
    assert.equal(instance.status, 201, instance.text);
    const bind = async (name: string, parameters: unknown) => {
      const res = await api('POST', '/v1/service_bindings?async=false', {
        name,
        service_instance_id: instance.json().id,
        parameters,
      });
      assert.equal(res.status, 201, res.text);
      return res.json();
    };
    const soon = await bind('soon', { 'credential-type': 'x509', x509: { validity: 5, 'validity-type': 'DAYS' } });
    const secret = await bind('secret', { 'credential-type': 'binding-secret' });
    const key = {
      ...secret.credentials,
      uaa: { ...secret.credentials.uaa, certificate: soon.credentials.uaa.certificate },
    };
    const uploaded = await uploadMultipart(t, tenant.cookie, tenant.tenantId, Buffer.from(JSON.stringify(key)));
    assert.equal(uploaded.status, 201, uploaded.text);

    const { page, console } = await openPage(browser, t.server.url);
    await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();
    await page.goto(`/#/btp/instances/${instance.json().id}`);
    const row = page.locator('#service-keys ui5-table-row').filter({ hasText: 'soon' });
    await row.waitFor();
    const cell = row.locator('[data-certificate-state="critical"]');
    assert.match(
      (await cell.textContent()) ?? '',
      /Expires on \d{1,2} \w{3} \d{4}, \d{2}:\d{2} \(in [45] days\)Expires very soon/,
    );
    const secretRow = page.locator('#service-keys ui5-table-row').filter({ hasText: 'secret' });
    assert.equal(await secretRow.locator('[data-certificate-state]').count(), 0, 'a secret key has no certificate');
    const strip = page.locator(`#expiry-${soon.id}`);
    await strip.waitFor();
    assert.match((await strip.textContent()) ?? '', /Expires on .*Create a new binding before then/);

    await page.goto(`/#/lm/${tenant.tenantId}/configuration`);
    const lmStrip = page.locator('#certificate-expiry');
    await lmStrip.waitFor();
    assert.match((await lmStrip.textContent()) ?? '', /Expires on .* \(in [45] days\)/);
    console.assertClean();
  } finally {
    await browser.close();
    await t.close();
  }
});
