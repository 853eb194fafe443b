/**
 * axe-core over every page and the main dialogs of the web UI (issue 19): no violation of impact serious or
 * critical, in the light and the dark theme's page alike. One signed-in browser walks sign-in, the BTP cockpit
 * (Account Explorer, global account, subaccount, an instance with a secret and an x509 key, so Service Manager's
 * pages and the certificate expiry are on it), Landscape Management (tenants, services and systems, the
 * service-key configuration, metrics, projects, status events, webhooks), the audit log and Security, and opens the
 * dialogs people use most. CALM_KEYS_AXE_REPORT=1 prints the violations per rule instead of failing (to
 * measure before a fix).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCatalogPlan } from '../../src/btp/catalog.js';
import { signIn, startTestServer } from '../support/server.js';
import { ADMIN_PASSWORD } from '../support/landscape.js';
import { a11yLog, assertNoSeriousA11yViolations, launch, openPage, signInWithKeyboard } from './browser.js';
import type { Page } from 'playwright-core';

/** Waits for the page's h1, then for UI5 to have rendered (no busy indicator left). */
async function settled(page: Page, heading: string): Promise<void> {
  await page.getByRole('heading', { name: heading, exact: true }).first().waitFor();
  await page.locator('#content ui5-busy-indicator[active]').waitFor({ state: 'detached' });
}

async function closeDialog(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.locator('ui5-dialog[open]').waitFor({ state: 'detached' });
}

test('browser: axe-core finds no serious or critical violation on any page or main dialog', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  const browser = await launch();
  try {
    const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const tenantId = (await t.http.call('GET', '/lm/v1/tenants', { cookie })).json().items[0].tenantId as string;
    const serviceId = (await t.http.call('GET', `/lm/v1/tenants/${tenantId}/managed-objects`, { cookie })).json()
      .items[0].id as string;
    const subaccountId = (await t.http.call('GET', '/btp/v1/subaccounts', { cookie })).json().items[0].id as string;
    const projectId = (await t.http.call('GET', `/lm/v1/tenants/${tenantId}/projects`, { cookie })).json().items[0]
      ?.id as string | undefined;
    // a Service Manager instance with an x509 key: its page shows the certificate's expiry
    const sm = await t.http.call('POST', `/v1/service_instances?async=false&subaccount_id=${subaccountId}`, {
      cookie,
      body: { name: 'a11y-sm', service_plan_id: findCatalogPlan('service-manager', 'subaccount-admin')!.plan.id },
    });
    assert.equal(sm.status, 201, sm.text);
    const x509 = await t.http.call('POST', '/v1/service_bindings?async=false', {
      cookie,
      body: { name: 'a11y-x509', service_instance_id: sm.json().id, parameters: { 'credential-type': 'x509' } },
    });
    assert.equal(x509.status, 201, x509.text);

    const { page, console } = await openPage(browser, t.server.url);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await assertNoSeriousA11yViolations(page, 'sign-in');
    await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
    await settled(page, 'Account Explorer');
    await assertNoSeriousA11yViolations(page, 'Account Explorer');

    await page.locator('ui5-profile, [slot=profile]').first().click();
    await page.locator('#sign-out').waitFor({ state: 'visible' });
    await assertNoSeriousA11yViolations(page, 'user menu');
    await page.keyboard.press('Escape');

    await page.locator('ui5-link[href^="#/btp/global-accounts/"]').first().click();
    await settled(page, 'Subaccounts');
    await assertNoSeriousA11yViolations(page, 'global account');

    await page.goto(`/#/btp/subaccounts/${subaccountId}`);
    await settled(page, 'Instances and Subscriptions');
    await assertNoSeriousA11yViolations(page, 'subaccount');
    await page.getByRole('button', { name: 'Create instance' }).click();
    await page.getByRole('dialog').waitFor();
    await assertNoSeriousA11yViolations(page, 'create-instance dialog');
    await closeDialog(page);

    await page.getByRole('link', { name: 'SAP_Cloud_ALM_API' }).click();
    await settled(page, 'Service Keys');
    await assertNoSeriousA11yViolations(page, 'instance with its service keys');
    await page.getByRole('button', { name: 'View service key ALM_001_00' }).click();
    await page.locator('ui5-dialog[open]').waitFor();
    await assertNoSeriousA11yViolations(page, 'service-key dialog');
    await closeDialog(page);
    await page.locator('#create-key').click();
    await page.locator('#create-key-submit').waitFor();
    await assertNoSeriousA11yViolations(page, 'create-key dialog');
    await closeDialog(page);

    await page.goto(`/#/btp/instances/${sm.json().id}`);
    await page.locator(`#expiry-${x509.json().id}`).waitFor();
    await assertNoSeriousA11yViolations(page, 'Service Manager instance with an x509 key (certificate expiry)');
    await page.locator('#delete-instance').click();
    await page.locator('#confirm-ok').waitFor();
    await assertNoSeriousA11yViolations(page, 'delete confirmation');
    await closeDialog(page);

    await page.goto('/#/lm');
    await settled(page, 'Landscape Management');
    await assertNoSeriousA11yViolations(page, 'Landscape Management tenants');
    await page.goto(`/#/lm/${tenantId}`);
    await settled(page, 'Services and Systems');
    await assertNoSeriousA11yViolations(page, 'services and systems');
    await page.getByRole('button', { name: 'Create managed service or system' }).click();
    await page.getByRole('dialog').waitFor();
    await assertNoSeriousA11yViolations(page, 'create managed object dialog');
    await closeDialog(page);

    await page.goto(`/#/lm/${tenantId}/configuration`);
    await page.locator('#key-status').waitFor();
    await assertNoSeriousA11yViolations(page, 'LM configuration (service key)');
    await page.locator('#display-key').click();
    await page.locator('ui5-dialog[open]').waitFor();
    await assertNoSeriousA11yViolations(page, 'LM display-key dialog');
    await closeDialog(page);

    await page.goto(`/#/lm/${tenantId}/objects/${serviceId}/metrics`);
    await page.locator('#content h1').waitFor();
    await page.locator('#content ui5-busy-indicator[active]').waitFor({ state: 'detached' });
    await assertNoSeriousA11yViolations(page, 'metrics');
    await page.goto(`/#/lm/${tenantId}/projects`);
    await settled(page, 'Projects');
    await assertNoSeriousA11yViolations(page, 'projects');
    if (projectId) {
      await page.goto(`/#/lm/${tenantId}/projects/${projectId}`);
      await page.locator('#content h1').waitFor();
      await page.locator('#content ui5-busy-indicator[active]').waitFor({ state: 'detached' });
      await assertNoSeriousA11yViolations(page, 'project tasks');
    }
    await page.goto(`/#/lm/${tenantId}/status-events`);
    await settled(page, 'Service Status Events');
    await assertNoSeriousA11yViolations(page, 'status events');
    await page.goto(`/#/lm/${tenantId}/webhooks`);
    await settled(page, 'Webhooks');
    await assertNoSeriousA11yViolations(page, 'webhooks');
    await page.goto('/#/audit');
    await settled(page, 'Audit Log');
    await assertNoSeriousA11yViolations(page, 'audit log');
    await page.goto('/#/security');
    await settled(page, 'Security');
    await assertNoSeriousA11yViolations(page, 'Security (users)');

    // the dark theme: same pages, other colours (contrast is checked per theme)
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`/#/lm/${tenantId}/configuration`);
    await page.locator('#key-status').waitFor();
    // UI5 marks the sheet of a theme's parameters with its name once the theme's chunk has loaded and applied
    const dark = "document.adoptedStyleSheets.some((sheet) => sheet._ui5Theme === 'sap_horizon_dark')";
    for (let waited = 0; !(await page.evaluate(dark)); waited += 50) {
      assert.ok(waited < 5_000, 'the dark theme was not applied');
      await page.waitForTimeout(50);
    }
    await assertNoSeriousA11yViolations(page, 'LM configuration, dark theme');

    if (process.env.CALM_KEYS_AXE_REPORT === '1') {
      const perRule = new Map<string, number>();
      for (const { label, violations } of a11yLog)
        for (const v of violations) {
          perRule.set(`${v.impact} ${v.id}`, (perRule.get(`${v.impact} ${v.id}`) ?? 0) + v.targets.length);
          process.stdout.write(
            `# ${label}: ${v.impact} ${v.id} x${v.targets.length} ${v.targets.slice(0, 3).join(' ')}\n`,
          );
        }
      process.stdout.write(`# per rule (nodes over all pages): ${JSON.stringify(Object.fromEntries(perRule))}\n`);
      process.stdout.write(
        `# pages with violations: ${a11yLog.filter((l) => l.violations.length).length}/${a11yLog.length}\n`,
      );
    }
    console.assertClean();
  } finally {
    await browser.close();
    await t.close();
  }
});
