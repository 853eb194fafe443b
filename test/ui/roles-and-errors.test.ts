/**
 * The browser UI for people with fewer rights and for things that go wrong, against the real server: a
 * refused sign-in says so; a Landscape Management Security Viewer sees the key section without upload,
 * delete or reveal, and no audit log; a bad file shows its format-check errors and cannot be uploaded; the
 * chart draws what a managed service pushed; the cockpit creates an instance and an x509 key (its private key
 * masked), Landscape Management a service with monitoring on; a calm-keys administrator filters the audit log;
 * a 420 px window works. No console error or warning besides the 401 the browser logs for the refused sign-in.
 * One server and one browser for the file; the administrator's walks share one signed-in page. axe-core (no
 * serious or critical violation) runs on the dialogs and pages these walks open (create instance, create key,
 * create managed object, metrics) and on the pages no other walk opens (global account, a Service Manager
 * instance with an x509 key and its delete confirmation, projects and tasks, status events, webhooks, the audit
 * log, Security, the service-key section in the dark theme); seed-procedure.test.ts runs it on the seed walk's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findCatalogPlan } from '../../src/btp/catalog.js';
import { signIn, startTestServer, type TestServer } from '../support/server.js';
import { ADMIN_PASSWORD, otlpGauges, tokenFor, USER_PASSWORD, userWithRoles } from '../support/landscape.js';
import {
  assertControlsLabelled,
  assertNoSeriousA11yViolations,
  assertNoStorage,
  launch,
  openPage,
  printA11yReport,
  screenshot,
  settled,
  signInWithKeyboard,
  stillness,
  type Session,
} from './browser.js';
import type { Browser, Page } from 'playwright-core';

/** How far the page or anything on it reaches past the right edge of the window (0 or less: nothing does). */
const STICKING_OUT = `Math.max(
  document.documentElement.scrollWidth - window.innerWidth,
  ...[...document.querySelectorAll('main.page, main.page *')].map((e) => e.getBoundingClientRect().right - window.innerWidth),
)`;

/** Waits out the navigation's slide animation, then nothing may reach past the window's right edge. */
async function fitsTheWindow(page: Page, what: string): Promise<void> {
  await stillness(page);
  let wider = Infinity;
  for (let attempt = 0; attempt < 30 && wider > 1; attempt += 1) {
    if (attempt > 0) await page.waitForTimeout(100);
    wider = Number(await page.evaluate(STICKING_OUT));
  }
  assert.ok(wider <= 1, `${what}: sticks out ${wider} px past the right edge of a 420 px window`);
}

interface Demo {
  readonly t: TestServer;
  readonly cookie: string;
  readonly tenantId: string;
  readonly serviceId: string;
  /** The demo key's client secret: no screenshot may show it. */
  readonly secret: string;
}

async function demo(): Promise<Demo> {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
  const tenantId = (await t.http.call('GET', '/lm/v1/tenants', { cookie })).json().items[0].tenantId as string;
  const serviceId = (await t.http.call('GET', `/lm/v1/tenants/${tenantId}/managed-objects`, { cookie })).json().items[0]
    .id as string;
  const bindingId = (await t.http.call('GET', '/v1/service_bindings', { cookie })).json().items[0].id as string;
  const secret = (await t.http.call('GET', `/v1/service_bindings/${bindingId}`, { cookie })).json().credentials.uaa
    .clientsecret as string;
  return { t, cookie, tenantId, serviceId, secret };
}

test('browser: sign-in errors, a one-time password, a Security Viewer, a bad key file, the metrics chart, creating in the cockpit and in Landscape Management, the audit log, a narrow window', async (context) => {
  const d = await demo();
  let browser: Browser | undefined;
  try {
    browser = await launch();
    const b = browser;
    /** The administrator's page, signed in once and shared by the walks below (each leaves no dialog open). */
    let adminSession: Session | undefined;
    async function admin(): Promise<Session> {
      if (!adminSession) {
        adminSession = await openPage(b, d.t.server.url);
        await signInWithKeyboard(adminSession.page, 'admin', ADMIN_PASSWORD);
        await adminSession.page.getByRole('heading', { name: 'Account Explorer' }).waitFor();
      }
      return adminSession;
    }

    await context.test('a wrong password is refused with a message, and the form stays usable', async () => {
      const { page, console, context: ctx } = await openPage(b, d.t.server.url);
      await signInWithKeyboard(page, 'admin', 'not-the-password');
      await page.getByText('The user name or password is wrong.').waitFor();
      assert.equal(await page.getByRole('heading', { name: 'Sign in' }).count(), 1);
      console.expect(/status of 401/);
      await page.locator('#password input').fill(ADMIN_PASSWORD);
      await page.locator('#sign-in').click();
      await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();
      console.assertClean();
      await ctx.close();
    });

    await context.test("a one-time password leads to setting one's own password, then in", async () => {
      const created = await d.t.http.call('POST', '/access/v1/users', {
        cookie: d.cookie,
        body: { username: 'newcomer' },
      });
      assert.equal(created.status, 201, created.text);
      const { page, console, context: ctx } = await openPage(b, d.t.server.url);
      await signInWithKeyboard(page, 'newcomer', created.json().oneTimePassword as string);
      await page.getByRole('heading', { name: 'Set your password' }).waitFor();
      await page.locator('#new-password input').fill('newcomer-password-1');
      await page.locator('#new-password-again input').fill('newcomer-password-1');
      await page.keyboard.press('Enter');
      // holding no role yet, they are told which role collections to ask for
      await page.getByRole('heading', { name: 'No authorization' }).waitFor();
      assert.equal(
        (
          await d.t.http.call('POST', '/auth/v1/login', {
            body: { username: 'newcomer', password: 'newcomer-password-1' },
          })
        ).json().mustChangePassword,
        false,
      );
      console.assertClean();
      await ctx.close();
    });

    await context.test(
      'a reload before the one-time password is changed asks to sign in again (the server allows that session nothing else)',
      async () => {
        const created = await d.t.http.call('POST', '/access/v1/users', {
          cookie: d.cookie,
          body: { username: 'reloader' },
        });
        assert.equal(created.status, 201, created.text);
        const { page, console, context: ctx } = await openPage(b, d.t.server.url);
        await signInWithKeyboard(page, 'reloader', created.json().oneTimePassword as string);
        await page.getByRole('heading', { name: 'Set your password' }).waitFor();
        await page.reload();
        await page.getByRole('heading', { name: 'Sign in' }).waitFor();
        assert.equal(await page.getByRole('heading', { name: 'Account Explorer' }).count(), 0);
        console.assertClean();
        await ctx.close();
      },
    );

    await context.test(
      'a Security Viewer sees the key with display, download and Test, but no upload, delete, reveal or audit log',
      async () => {
        await userWithRoles(d.t, d.cookie, 'viewer', [{ role: 'x_landscape_SecurityViewer', scopeId: d.tenantId }]);
        const { page, console, context: ctx } = await openPage(b, d.t.server.url);
        await signInWithKeyboard(page, 'viewer', USER_PASSWORD);
        // a Landscape Management-only user lands in Landscape Management, with no cockpit or audit log link
        await page.getByRole('heading', { name: 'Landscape Management' }).waitFor();
        assert.equal(await page.getByRole('treeitem', { name: 'Audit Log' }).count(), 0, 'no audit log for a viewer');
        assert.equal(await page.getByRole('treeitem', { name: 'BTP Cockpit' }).count(), 0, 'no cockpit for a viewer');

        await page.goto(`/#/lm/${d.tenantId}`);
        await page.getByRole('heading', { name: 'Services and Systems' }).waitFor();
        assert.equal(await page.getByRole('button', { name: 'Create managed service or system' }).count(), 0);
        await page.locator('#open-configuration').click();
        await page.locator('#key-status').waitFor();
        for (const allowed of ['#display-key', '#download-key', '#test-key'])
          assert.equal(await page.locator(allowed).count(), 1, allowed);
        for (const refused of ['#delete-key', '#upload-key'])
          assert.equal(await page.locator(refused).count(), 0, refused);
        await page.locator('#display-key').click();
        await page.locator('#key-form').filter({ hasText: 'clientsecret' }).waitFor();
        assert.equal(await page.locator('#reveal-key').count(), 0, 'a viewer cannot reveal the secret');
        await page.keyboard.press('Escape');
        await page.locator('#test-key').click();
        await page.locator('#test-result-ok').click(); // the Test's message is confirmed, then the status shows
        await page.locator('#key-status[data-status="active"]').waitFor();
        await assertControlsLabelled(page);

        // with the slot empty, a viewer still gets no `+`
        assert.equal(
          (await d.t.http.call('DELETE', `/lm/v1/tenants/${d.tenantId}/service-key`, { cookie: d.cookie })).status,
          204,
        );
        await page.reload();
        await page.getByText('No service key uploaded.').waitFor();
        assert.equal(await page.locator('#upload-key').count(), 0);

        await assertNoStorage(page);
        console.assertClean();
        await ctx.close();
      },
    );

    await context.test('a bad file shows its format-check errors and cannot be uploaded', async () => {
      const { page, console } = await admin();
      await page.goto(`/#/lm/${d.tenantId}/configuration`);
      await page.locator('#upload-key').click();
      const dir = mkdtempSync(join(tmpdir(), 'calm-keys-ui-'));
      const bad = join(dir, 'x509-key.txt');
      writeFileSync(
        bad,
        JSON.stringify(
          {
            endpoints: { Api: 'https://eu10.alm.cloud.sap/api' },
            uaa: {
              clientid: 'sb-x!b1|sapcloudalm!b4711',
              certificate: '-----BEGIN CERTIFICATE-----',
              'credential-type': 'x509',
              identityzone: 'another-tenant',
              url: 'https://another-tenant.authentication.eu10.hana.ondemand.com',
            },
          },
          null,
          2,
        ),
      );
      await page.locator('#key-file input[type=file]').setInputFiles(bad);
      const errors = page.locator('#format-errors');
      await errors.waitFor();
      const text = (await errors.textContent()) ?? '';
      for (const rule of ['F3:', 'F4:', 'F2:']) assert.ok(text.includes(rule), `${rule} listed in ${text}`);
      assert.match(text, /uaa\.credential-type/);
      assert.ok(await page.getByRole('button', { name: 'Upload', exact: true }).isDisabled(), 'Upload stays disabled');
      await assertControlsLabelled(page);
      await page.locator('#upload-cancel').focus(); // the picker's own popup would cover the list
      await screenshot(page, 'lm-upload-format-errors', [d.secret]);

      // not JSON at all
      const notJson = join(dir, 'notes.txt');
      writeFileSync(notJson, 'this is not a service key');
      await page.locator('#key-file input[type=file]').setInputFiles(notJson);
      await page.locator('#format-errors').filter({ hasText: 'F1:' }).waitFor();
      await page.locator('#upload-cancel').click();
      assert.equal(await page.locator('#upload-key').count(), 1, 'the slot is still empty');
      await page.locator('ui5-dialog[open]').waitFor({ state: 'detached' });
      console.assertClean();
    });

    await context.test('the chart draws the metrics a managed service pushed with the tenant key', async () => {
      // put the demo key back and push three points with it, as a managed service does
      const bindings = (await d.t.http.call('GET', '/v1/service_bindings', { cookie: d.cookie })).json().items;
      const keyText = JSON.stringify(
        (await d.t.http.call('GET', `/v1/service_bindings/${bindings[0].id}`, { cookie: d.cookie })).json().credentials,
      );
      assert.equal(
        (
          await d.t.http.call('POST', `/lm/v1/tenants/${d.tenantId}/service-key`, {
            cookie: d.cookie,
            rawBody: keyText,
            headers: { 'content-type': 'text/plain' },
          })
        ).status,
        201,
      );
      const token = await tokenFor(d.t, keyText);
      const now = Date.now();
      const pushed = await d.t.http.call('POST', `/api/calm-metrics/v1/metrics?serviceId=${d.serviceId}`, {
        token,
        body: otlpGauges([
          { name: 'cpu.utilization', value: 21, at: new Date(now - 20 * 60_000) },
          { name: 'cpu.utilization', value: 47, at: new Date(now - 10 * 60_000) },
          { name: 'cpu.utilization', value: 35, at: new Date(now - 60_000) },
          { name: 'memory.utilization', value: 63, at: new Date(now - 60_000) },
        ]),
      });
      assert.equal(pushed.status, 200, pushed.text);

      const { page, console } = await admin();
      await page.goto(`/#/lm/${d.tenantId}`);
      await page.getByText('with the tenant’s service key', { exact: true }).waitFor();
      await page.getByRole('link', { name: 'Metrics chart of Demo SAP S/4HANA Cloud' }).click();
      const chart = page.getByRole('img', { name: /Line chart of cpu\.utilization in %, 3 points/ });
      await chart.waitFor();
      assert.equal(await page.locator('.chart path.series').count(), 1);
      assert.match(
        (await page.locator('.chart path.series').getAttribute('d')) ?? '',
        /^M[\d.]+,[\d.]+ L[\d.]+,[\d.]+ L/,
      );
      await page.getByRole('gridcell', { name: '35', exact: true }).first().waitFor();
      await assertControlsLabelled(page);
      await settled(page);
      await assertNoSeriousA11yViolations(page, 'metrics');
      await screenshot(page, 'lm-metrics-chart', [d.secret]);
      console.assertClean();
    });

    await context.test('the audit log filters by action, and reading the key shows up in it', async () => {
      const { page, console } = await admin();
      await page.getByRole('treeitem', { name: 'Audit Log' }).click();
      await page.getByRole('heading', { name: 'Audit Log' }).waitFor();
      // actions are chosen by name, not typed as codes
      await page.locator('#filter-action input').fill('Service key tested');
      await page.locator('#filter-action input').press('Enter');
      await page.getByRole('gridcell', { name: 'viewer', exact: true }).first().waitFor();
      assert.equal(await page.getByRole('gridcell', { name: 'Service key uploaded' }).count(), 0);
      assert.match(page.url(), /action=lm\.service_key\.tested/);
      await assertControlsLabelled(page);
      console.assertClean();
    });

    await context.test(
      'the BTP cockpit creates an instance allowing x509 and an x509 service key; Landscape Management creates a service and switches its monitoring on',
      async () => {
        const { page, console } = await admin();
        await page.goto('/#/btp');
        await page.getByRole('link', { name: 'SAP Cloud ALM', exact: true }).click();
        await page.getByRole('button', { name: 'Create instance' }).click();
        await page.getByRole('dialog').waitFor();
        await assertNoSeriousA11yViolations(page, 'create-instance dialog');
        await page.locator('#instance-name input').fill('ui-monitoring');
        await page.getByRole('checkbox', { name: 'x509' }).click();
        await page.getByRole('button', { name: 'Create', exact: true }).last().click();
        await page.getByRole('heading', { name: 'ui-monitoring' }).waitFor();
        await page.getByText('Instance of SAP Cloud ALM API · plan standard').waitFor();

        await page.locator('#create-key').click();
        await page.locator('#create-key-submit').waitFor();
        await assertNoSeriousA11yViolations(page, 'create-key dialog');
        await page.locator('#key-name input').fill('x509-key');
        // a binding-secret key (the first type) has no certificate, so no validity to choose
        assert.equal(await page.getByText('Certificate validity').isVisible(), false);
        await page.locator('#key-type').click();
        await page.getByRole('option', { name: 'x509' }).click();
        await page.locator('#key-validity').waitFor();
        await page.locator('#create-key-submit').click();
        await page.getByRole('button', { name: 'View service key x509-key' }).waitFor();
        // the instance allowed x509 (a type it does not allow makes the create fail), and the key is one
        const listed = (await d.t.http.call('GET', '/v1/service_bindings', { cookie: d.cookie }))
          .json()
          .items.find((x: { name: string }) => x.name === 'x509-key');
        const created = (await d.t.http.call('GET', `/v1/service_bindings/${listed.id}`, { cookie: d.cookie })).json();
        assert.equal(created.credentials.uaa['credential-type'], 'x509');
        assert.match(created.credentials.uaa.certificate, /BEGIN CERTIFICATE/);
        // its private key is masked like a secret
        await page.getByRole('button', { name: 'View service key x509-key' }).click();
        await page.locator('pre.json').filter({ hasText: '"certificate"' }).waitFor();
        assert.match((await page.locator('pre.json').textContent()) ?? '', /"key": "••••••••/);
        assert.doesNotMatch((await page.locator('pre.json').textContent()) ?? '', /PRIVATE KEY/);
        await page.keyboard.press('Escape');
        await page.locator('ui5-dialog[open]').waitFor({ state: 'detached' });

        await page.goto(`/#/lm/${d.tenantId}`);
        await page.getByRole('button', { name: 'Create managed service or system' }).click();
        await page.getByRole('dialog').waitFor();
        await assertNoSeriousA11yViolations(page, 'create managed object dialog');
        await page.locator('#mo-name input').fill('UI Test Service');
        await page.getByRole('button', { name: 'Create', exact: true }).last().click();
        const monitoring = page.getByRole('switch', { name: 'Monitoring of UI Test Service' });
        await monitoring.waitFor();
        await monitoring.click();
        await page.getByText('Monitoring of UI Test Service enabled.').first().waitFor();
        const items = (
          await d.t.http.call('GET', `/lm/v1/tenants/${d.tenantId}/managed-objects`, { cookie: d.cookie })
        ).json().items;
        assert.equal(items.find((o: { name: string }) => o.name === 'UI Test Service').monitoringEnabled, true);
        await assertControlsLabelled(page);
        console.assertClean();
      },
    );

    await context.test(
      'axe-core finds no serious or critical violation on the pages no other walk opens, nor in the dark theme',
      async () => {
        const subaccountId = (await d.t.http.call('GET', '/btp/v1/subaccounts', { cookie: d.cookie })).json().items[0]
          .id as string;
        const projectId = (
          await d.t.http.call('GET', `/lm/v1/tenants/${d.tenantId}/projects`, { cookie: d.cookie })
        ).json().items[0]?.id as string | undefined;
        // a Service Manager instance with an x509 key: its page shows the certificate's expiry
        const sm = await d.t.http.call('POST', `/v1/service_instances?async=false&subaccount_id=${subaccountId}`, {
          cookie: d.cookie,
          body: { name: 'a11y-sm', service_plan_id: findCatalogPlan('service-manager', 'subaccount-admin')!.plan.id },
        });
        assert.equal(sm.status, 201, sm.text);
        const x509 = await d.t.http.call('POST', '/v1/service_bindings?async=false', {
          cookie: d.cookie,
          body: { name: 'a11y-x509', service_instance_id: sm.json().id, parameters: { 'credential-type': 'x509' } },
        });
        assert.equal(x509.status, 201, x509.text);

        const { page, console } = await admin();
        await page.goto('/#/btp');
        await settled(page, 'Account Explorer');
        await page.locator('ui5-link[href^="#/btp/global-accounts/"]').first().click();
        await settled(page, 'Subaccounts');
        await assertNoSeriousA11yViolations(page, 'global account');

        await page.goto(`/#/btp/instances/${sm.json().id}`);
        await page.locator(`#expiry-${x509.json().id}`).waitFor();
        await assertNoSeriousA11yViolations(page, 'Service Manager instance with an x509 key (certificate expiry)');
        await page.locator('#delete-instance').click();
        await page.locator('#confirm-ok').waitFor();
        await assertNoSeriousA11yViolations(page, 'delete confirmation');
        await page.keyboard.press('Escape');
        await page.locator('ui5-dialog[open]').waitFor({ state: 'detached' });

        await page.goto(`/#/lm/${d.tenantId}/projects`);
        await settled(page, 'Projects');
        await assertNoSeriousA11yViolations(page, 'projects');
        if (projectId) {
          await page.goto(`/#/lm/${d.tenantId}/projects/${projectId}`);
          await settled(page);
          await assertNoSeriousA11yViolations(page, 'project tasks');
        }
        await page.goto(`/#/lm/${d.tenantId}/status-events`);
        await settled(page, 'Service Status Events');
        await assertNoSeriousA11yViolations(page, 'status events');
        await page.goto(`/#/lm/${d.tenantId}/webhooks`);
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
        await page.goto(`/#/lm/${d.tenantId}/configuration`);
        await page.locator('#key-status').waitFor();
        // UI5 marks the sheet of a theme's parameters with its name once the theme's chunk has loaded and applied
        const dark = "document.adoptedStyleSheets.some((sheet) => sheet._ui5Theme === 'sap_horizon_dark')";
        for (let waited = 0; !(await page.evaluate(dark)); waited += 50) {
          assert.ok(waited < 5_000, 'the dark theme was not applied');
          await page.waitForTimeout(50);
        }
        await assertNoSeriousA11yViolations(page, 'LM configuration, dark theme');
        await page.emulateMedia({ colorScheme: 'light' });
        console.assertClean();
      },
    );

    await context.test('a 420 px window: no sideways scrolling, the menu button opens the navigation', async () => {
      const { page, console, context: ctx } = await openPage(b, d.t.server.url, { width: 420, height: 900 });
      await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
      await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();
      await page.goto(`/#/lm/${d.tenantId}/configuration`);
      await page.locator('#key-status').waitFor();
      await fitsTheWindow(page, 'the service-key section');
      assert.ok(await page.locator('#test-key').isVisible(), 'Test Service Key is reachable');
      await screenshot(page, 'narrow-lm-service-key', [d.secret]);
      await page.getByRole('button', { name: 'Show or hide the navigation' }).click();
      await page.getByRole('treeitem', { name: 'BTP Cockpit' }).click();
      await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();
      const instanceId = (await d.t.http.call('GET', '/v1/service_instances', { cookie: d.cookie })).json().items[0]
        .id as string;
      for (const [path, heading] of [
        [`/#/btp/instances/${instanceId}`, 'Service Keys'],
        [`/#/lm/${d.tenantId}`, 'Services and Systems'],
        ['/#/audit', 'Audit Log'],
      ] as const) {
        await page.goto(path);
        await page.getByRole('heading', { name: heading }).waitFor();
        await fitsTheWindow(page, path);
      }
      console.assertClean();
      await ctx.close();
    });

    await context.test('the API reference renders every tag without a console error (strict script CSP)', async () => {
      const { page, console, context: ctx } = await openPage(b, d.t.server.url);
      await page.goto('/reference');
      await page.locator('.opblock-tag').first().waitFor();
      assert.ok((await page.locator('.opblock-tag').count()) >= 5, 'the operations are grouped by tag');
      console.assertClean();
      await ctx.close();
    });
    printA11yReport();
  } finally {
    await browser?.close();
    await d.t.close();
  }
});
