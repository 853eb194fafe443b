/**
 * Administration in the browser, against the real server: the calm-keys Administrator creates a Landscape
 * Management Security Viewer for the demo tenant in Security (the one-time password shown once, with Copy);
 * that person signs in with it, sets their own password, lands in Landscape Management and sees the key section
 * without upload or delete, and no Security entry. Then they create a personal API token in the user menu (shown
 * once), use it over REST, revoke it, and it gets 401. Last the Administrator locks (sign-in refused), unlocks and
 * deletes them in Security. Neither the one-time password nor the token ends up in the
 * browser's storage, its console, the server log or the audit log; no console error or warning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../support/server.js';
import { ADMIN_PASSWORD } from '../support/landscape.js';
import {
  allText,
  assertControlsLabelled,
  assertNoSeriousA11yViolations,
  assertNoStorage,
  launch,
  openPage,
  screenshot,
  stillness,
  signInWithKeyboard,
} from './browser.js';
import type { Browser, Page } from 'playwright-core';

const NEW_PASSWORD = 'kim-own-password-1';

/** Chooses an option of a ui5-select by its text: open it, click the option. */
async function choose(page: Page, select: string, text: string): Promise<void> {
  await page.locator(select).click();
  await page.locator(`${select} ui5-option`, { hasText: text }).click();
}

test('browser: Security creates a Security Viewer who signs in with the one-time password; a personal API token is created and revoked in the user menu', async (context) => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  let browser: Browser | undefined;
  const secrets: string[] = [];
  try {
    browser = await launch();
    const b = browser;
    const admin = await t.http.call('POST', '/auth/v1/login', {
      body: { username: 'admin', password: ADMIN_PASSWORD },
    });
    const adminCookie = String(admin.headers['set-cookie']).split(';')[0]!;
    const tenant = (await t.http.call('GET', '/lm/v1/tenants', { cookie: adminCookie })).json().items[0] as {
      tenantId: string;
      name: string;
    };

    let oneTimePassword = '';
    await context.test('the Administrator creates a Security Viewer of the tenant in Security', async () => {
      const { page, console, context: ctx } = await openPage(b, t.server.url);
      await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
      await page.getByRole('treeitem', { name: 'Security' }).click();
      await page.getByRole('heading', { name: 'Security' }).waitFor();
      await page.getByText('Users (1)').waitFor();
      await assertNoSeriousA11yViolations(page, 'Security');

      await page.locator('#create-user').click();
      await page.locator('#new-username input').fill('kim');
      await choose(page, '#new-role', 'Landscape Management Security Viewer');
      await page.locator('#new-scope').filter({ hasText: tenant.name }).waitFor();
      await assertControlsLabelled(page);
      await screenshot(page, 'security-create-user');
      await assertNoSeriousA11yViolations(page, 'Create User dialog');
      await page.locator('#new-user-submit').click();

      const shown = page.locator('#otp-value input');
      await shown.waitFor();
      oneTimePassword = await shown.inputValue();
      secrets.push(oneTimePassword);
      assert.match(oneTimePassword, /^\S{12,}$/);
      assert.equal(await page.locator('#otp-copy').count(), 1, 'with Copy');
      await page.locator('#otp-close').click();
      await page.locator('#otp-value').waitFor({ state: 'detached' });
      assert.ok(!(await allText(page)).includes(oneTimePassword), 'shown once: gone with its dialog');

      const row = page.locator('#users ui5-table-row', { hasText: 'kim' });
      await row.filter({ hasText: 'One-time password' }).waitFor();
      await row
        .filter({ hasText: `Landscape Management Security Viewer · Cloud ALM tenant: ${tenant.name}` })
        .waitFor();
      await page.getByText('Users (2)').waitFor();
      await screenshot(page, 'security-users', secrets);

      // the role collections of kim, from the row's action: the assignment is listed with its tenant's name
      await page.getByRole('button', { name: 'Role collections of kim' }).click();
      await page.locator('#user-roles ui5-table-row', { hasText: tenant.name }).waitFor();
      await assertNoSeriousA11yViolations(page, 'Role Collections dialog');
      // assign one more in the dialog, then revoke it: the dialog's list follows
      await choose(page, '#assign-role', 'Landscape Management Viewer (Cloud ALM tenant)');
      await page.locator('#assign-submit').click();
      const added = page.locator('#user-roles ui5-table-row', { hasText: 'Landscape Management Viewer' });
      await added.waitFor();
      assert.equal(await page.locator('#user-roles ui5-table-row').count(), 2);
      await page.getByRole('button', { name: `Revoke Landscape Management Viewer at ${tenant.name}` }).click();
      await added.waitFor({ state: 'detached' });
      const roles = (await t.http.call('GET', '/access/v1/users', { cookie: adminCookie }))
        .json()
        .users.find((u: { username: string }) => u.username === 'kim').roles as { role: string }[];
      assert.deepEqual(
        roles.map((r) => r.role),
        ['x_landscape_SecurityViewer'],
      );
      await page.locator('#roles-close').click();
      await page.locator('#user-roles').waitFor({ state: 'detached' });

      // the search filters the table; nothing matching shows the illustrated empty state
      await page.locator('#users-search input').fill('no-such-user');
      await page.locator('#users ui5-illustrated-message').waitFor();
      await page.getByText('Users (0 of 2)').waitFor();

      await assertNoStorage(page);
      assert.ok(!console.all.some((line) => line.includes(oneTimePassword)), 'not in the console');
      console.assertClean();
      await ctx.close();
    });

    await context.test(
      'the Security Viewer signs in with it, sets their own password and sees the key without upload or delete',
      async () => {
        const { page, console, context: ctx } = await openPage(b, t.server.url);
        await signInWithKeyboard(page, 'kim', oneTimePassword);
        await page.getByRole('heading', { name: 'Set your password' }).waitFor();
        await page.locator('#new-password input').fill(NEW_PASSWORD);
        await page.locator('#new-password-again input').fill(NEW_PASSWORD);
        await page.keyboard.press('Enter');
        await page.getByRole('heading', { name: 'Landscape Management' }).waitFor();
        assert.equal(await page.getByRole('treeitem', { name: 'Security' }).count(), 0, 'no Security for a viewer');

        await page.goto(`/#/lm/${tenant.tenantId}`);
        await page.getByRole('heading', { name: 'Services and Systems' }).waitFor();
        await page.locator('#open-configuration').click();
        await page.locator('#key-status').waitFor();
        for (const allowed of ['#display-key', '#download-key', '#test-key'])
          assert.equal(await page.locator(allowed).count(), 1, allowed);
        for (const refused of ['#delete-key', '#upload-key'])
          assert.equal(await page.locator(refused).count(), 0, refused);
        const refusedUpload = await t.http.call('GET', '/access/v1/users', {
          cookie: String(
            (await t.http.call('POST', '/auth/v1/login', { body: { username: 'kim', password: NEW_PASSWORD } }))
              .headers['set-cookie'],
          ).split(';')[0]!,
        });
        assert.equal(refusedUpload.status, 403, 'the server refuses user administration to a viewer');

        // a personal API token, created in the user menu and shown once
        await page.locator('[slot=profile]').first().click();
        await page.locator('#menu-api-tokens').click();
        await page.locator('#token-name input').fill('my script');
        await page.locator('#token-create').click();
        const shown = page.locator('#new-token-value input');
        await shown.waitFor();
        const token = await shown.inputValue();
        secrets.push(token);
        assert.match(token, /^ckpat_/);
        const me = await t.http.call('GET', '/auth/v1/me', { token });
        assert.equal(me.status, 200);
        assert.equal(me.json().username, 'kim');
        await page.locator('#new-token-close').click();
        await page.locator('#new-token-value').waitFor({ state: 'detached' });
        assert.ok(!(await allText(page)).includes(token), 'shown once: gone with its dialog');

        const row = page.locator('#api-tokens ui5-table-row', { hasText: 'my script' });
        await row.filter({ hasText: 'Active' }).waitFor();
        await screenshot(page, 'user-menu-api-tokens', secrets);
        await assertNoSeriousA11yViolations(page, 'API Tokens dialog');
        await page.getByRole('button', { name: 'Revoke the API token my script' }).click();
        await page.locator('#confirm-ok').click();
        await row.filter({ hasText: 'Revoked' }).waitFor();
        assert.equal((await t.http.call('GET', '/auth/v1/me', { token })).status, 401, 'a revoked token gets 401');
        await page.locator('#tokens-close').click();

        await assertNoStorage(page);
        assert.ok(!console.all.some((line) => secrets.some((s) => line.includes(s))), 'no secret in the console');
        console.assertClean();
        await ctx.close();
      },
    );

    await context.test(
      'the Administrator resets the password (tokens revoked), locks, unlocks and deletes the user in Security',
      async () => {
        const { page, console, context: ctx } = await openPage(b, t.server.url);
        await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
        await page.getByRole('treeitem', { name: 'Security' }).click();
        const row = page.locator('#users ui5-table-row', { hasText: 'kim' });
        await row.filter({ hasText: 'Active' }).waitFor();
        assert.equal(
          await page.getByRole('button', { name: 'Delete admin' }).count(),
          0,
          'no Delete (nor Lock) on your own row',
        );

        // a narrow window: the columns pop in under each row, nothing reaches past the right edge
        await page.setViewportSize({ width: 420, height: 800 });
        // the navigation slides away (a transition): the picture and the measure are of the page at rest
        await stillness(page);
        // the layout follows the window in a frame or few (UI5's resize handling): polled, not a fixed sleep
        const stickingOut =
          "Math.max(document.documentElement.scrollWidth - window.innerWidth, ...[...document.querySelectorAll('main.page, main.page *')].map((e) => e.getBoundingClientRect().right - window.innerWidth))";
        let wider = Infinity;
        for (let attempt = 0; attempt < 60 && wider > 1; attempt += 1) {
          if (attempt > 0) await page.waitForTimeout(50);
          wider = Number(await page.evaluate(stickingOut));
        }
        assert.ok(wider <= 1, `Security sticks out ${wider} px past a 420 px window`);
        await screenshot(page, 'narrow-security');
        await page.setViewportSize({ width: 1280, height: 800 });

        // Reset Password with "Also revoke their API tokens": a new one-time password, shown once; the token is gone
        const kimCookie = String(
          (await t.http.call('POST', '/auth/v1/login', { body: { username: 'kim', password: NEW_PASSWORD } })).headers[
            'set-cookie'
          ],
        ).split(';')[0]!;
        const kimToken = (
          await t.http.call('POST', '/auth/v1/tokens', { cookie: kimCookie, body: { name: 'ci' } })
        ).json().token as string;
        secrets.push(kimToken);
        await page.getByRole('button', { name: 'Reset Password of kim' }).click();
        // on the box: the checkbox stretches across the dialog, its label is only as wide as its text
        await page.locator('#reset-revoke-tokens').click({ position: { x: 10, y: 10 } });
        assert.equal(await page.evaluate("document.getElementById('reset-revoke-tokens').checked"), true, 'checked');
        await page.locator('#confirm-ok').click();
        const shown = page.locator('#otp-value input');
        await shown.waitFor();
        const resetPassword = await shown.inputValue();
        secrets.push(resetPassword);
        await page.locator('#otp-close').click();
        await row.filter({ hasText: 'One-time password' }).waitFor();
        assert.equal(
          (await t.http.call('GET', '/auth/v1/me', { token: kimToken })).status,
          401,
          'the token was revoked',
        );
        assert.equal((await t.http.call('GET', '/auth/v1/me', { cookie: kimCookie })).status, 401, 'the session ended');

        await page.getByRole('button', { name: 'Lock kim' }).click();
        await page.locator('#confirm-ok').click();
        await row.filter({ hasText: 'Locked' }).waitFor();
        const login = () =>
          t.http.call('POST', '/auth/v1/login', { body: { username: 'kim', password: resetPassword } });
        assert.equal((await login()).status, 401, 'a locked user cannot sign in');
        await page.getByRole('button', { name: 'Unlock kim' }).click();
        await row.filter({ hasText: 'One-time password' }).waitFor();
        assert.equal((await login()).status, 200, 'unlocked');

        await page.getByRole('button', { name: 'Delete kim' }).click();
        await page.locator('#confirm-ok').click();
        await page.getByText('Users (1)').waitFor();
        assert.equal(await row.count(), 0);
        assert.equal((await login()).status, 401, 'deleted');
        console.assertClean();
        await ctx.close();
      },
    );

    await context.test('no one-time password or token in the server log or the audit log', async () => {
      const audit = await t.server.store.db.selectFrom('audit_events').select('details').execute();
      for (const secret of secrets) {
        assert.ok(!audit.some((r) => r.details.includes(secret)), 'not in the audit log');
        assert.ok(!t.logs.some((l) => l.includes(secret)), 'not in the server log');
      }
      const actions = (await t.server.store.db.selectFrom('audit_events').select('action').execute()).map(
        (r) => r.action,
      );
      for (const a of [
        'access.user.created',
        'access.role.assigned',
        'access.api_token.created',
        'access.api_token.revoked',
      ])
        assert.ok(actions.includes(a), a);
    });
  } finally {
    await browser?.close();
    await t.close();
  }
});
