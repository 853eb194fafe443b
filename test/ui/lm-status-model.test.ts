/**
 * The service key's status model in the browser (issue 19): the status cell is icon, one line of reason and the
 * local time; a Test ends with a dialog the person confirms (readable step names), after which the status is
 * green; the display dialog has a Form and a JSON view (monospace) with Copy, and its strip follows a reveal; a
 * key deleted in BTP has one "Deleted in BTP" strip (its long message once on the page) whose *Upload current
 * key* deletes the copy and opens the upload; the configuration's sections are expandable panels; and in a de-DE
 * browser every time is German, with no ISO time anywhere on the page.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, startTestServer } from '../support/server.js';
import { ADMIN_PASSWORD, btpKey, emptyTenant, uploadRaw } from '../support/landscape.js';
import { allText, assertNoSeriousA11yViolations, launch, openPage, screenshot, signInWithKeyboard } from './browser.js';

const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const count = (text: string, part: string) => text.split(part).length - 1;

test('browser: status cell, confirmed Test, Form/JSON with Copy, the Deleted-in-BTP strip, sections, de-DE times', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD }, start: { demo: false } });
  const browser = await launch();
  try {
    const admin = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const tenant = await emptyTenant(t, admin);
    // the Test's API probe reads metrics: the key needs that scope to pass
    const key = await btpKey(t, tenant.cookie, tenant.subaccountId, undefined, ['metrics.read']);
    assert.equal((await uploadRaw(t, tenant.cookie, tenant.tenantId, key.keyText)).status, 201);
    const clientId = (JSON.parse(key.keyText) as { uaa: { clientid: string } }).uaa.clientid;

    const { context, page, console } = await openPage(browser, t.server.url);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.server.url });
    await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
    await page.locator('#page-title').waitFor();
    await page.goto(`/#/lm/${tenant.tenantId}/configuration`);

    // grey: icon and word, one line of reason
    await page.locator('#key-status[data-status="unknown"]').waitFor();
    assert.equal(await page.locator('#key-status-reason').textContent(), 'Not tested yet');

    // Test: a dialog with the outcome and the steps by name; the status turns green once it is confirmed
    await page.locator('#test-key').click();
    const dialog = page.getByRole('dialog', { name: 'Service Key Test Succeeded' });
    await dialog.waitFor();
    await page.locator('#test-result').filter({ hasText: 'Service key test succeeded.' }).waitFor();
    const steps = (await page.locator('#test-steps').textContent()) ?? '';
    assert.match(steps, /Get an access token: passed/);
    assert.match(steps, /Check the token signature: passed/);
    assert.doesNotMatch(steps, /jwt-signature|jwt-claims/, 'no step ids');
    assert.equal(await page.locator('#key-status[data-status="active"]').count(), 0, 'green only after the OK');
    await assertNoSeriousA11yViolations(page, 'the Test result dialog');
    await page.locator('#test-result-ok').click();
    await page.locator('#key-status[data-status="active"]').waitFor();
    assert.match((await page.locator('#key-status-reason').textContent()) ?? '', /^Test passed/);
    // en-GB, to the second: "3 Dec 2026, 14:02:09"
    assert.match(
      (await page.locator('#key-status-at').textContent()) ?? '',
      /^\d{1,2} \w{3} \d{4}, \d{2}:\d{2}:\d{2}$/,
    );
    await page.locator('#key-last-test').filter({ hasText: 'passed' }).waitFor();

    // Copy the client id from the page
    await page.locator('#copy-client-id').click();
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), clientId);

    // Display: Form first, with Copy for the client id; JSON in a monospace font with Copy; the strip follows a reveal
    await page.locator('#display-key').click();
    const display = page.getByRole('dialog', { name: /^Service Key: / });
    await display.waitFor();
    await page.locator('#key-form').waitFor();
    assert.match((await page.locator('#key-form').textContent()) ?? '', /uaa\.clientid/);
    await assertNoSeriousA11yViolations(page, 'the key display, Form view');
    await page.locator('#key-copy-client-id').click();
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), clientId);
    await page.locator('#key-view-json').click();
    const json = page.locator('#key-json');
    await json.waitFor();
    const font = (await page.evaluate("getComputedStyle(document.getElementById('key-json')).fontFamily")) as string;
    assert.match(font, /mono/i, `the JSON is in a monospace font (${font})`);
    await assertNoSeriousA11yViolations(page, 'the key display, JSON view');
    await page.locator('#key-copy-json').click();
    const copied = JSON.parse((await page.evaluate('navigator.clipboard.readText()')) as string) as {
      uaa: { clientid: string; clientsecret: string };
    };
    assert.equal(copied.uaa.clientid, clientId);
    assert.notEqual(copied.uaa.clientsecret, key.secret, 'the masked key is what was copied');
    assert.match((await page.locator('#key-secret-note').textContent()) ?? '', /is masked/);
    await page.locator('#reveal-key').click();
    await json.filter({ hasText: key.secret }).waitFor();
    assert.match((await page.locator('#key-secret-note').textContent()) ?? '', /is shown/);
    assert.doesNotMatch((await page.locator('#key-secret-note').textContent()) ?? '', /masked/);
    await page.getByRole('button', { name: 'Close' }).click();
    await page.locator('.key-display').waitFor({ state: 'detached' });

    // SAP's sections, expandable: the key's is open, the two calm-keys has nothing for are closed and say so
    for (const id of ['#import-section', '#certificates-section']) {
      const panel = page.locator(id);
      assert.equal(await panel.getAttribute('collapsed'), '', `${id} starts collapsed`);
      await panel.getByRole('button', { name: 'Expand/Collapse' }).click();
      await panel.locator('ui5-message-strip').filter({ hasText: 'calm-keys' }).waitFor();
    }
    assert.equal(await page.locator('#key-section').getAttribute('fixed'), null, 'the key section can be collapsed');
    await assertNoSeriousA11yViolations(page, 'the configuration with its sections open');
    await screenshot(page, 'lm-configuration-sections', [key.secret]);

    // deleted in BTP: one strip with the two ways out; its long message is on the page once
    const deleted = await t.http.call('DELETE', `/v1/service_bindings/${key.bindingId}?async=false`, {
      cookie: tenant.cookie,
    });
    assert.ok(deleted.status < 300, deleted.text);
    await page.goto(`/#/lm/${tenant.tenantId}`);
    await page.goto(`/#/lm/${tenant.tenantId}/configuration`);
    await page.locator('#deleted-in-btp').waitFor();
    await page.locator('#key-status[data-status="failed"]').waitFor();
    assert.match((await page.locator('#key-status-reason').textContent()) ?? '', /^Deleted in BTP/);
    await page.locator('#test-key').click();
    await page.getByRole('alertdialog', { name: 'Service Key Test Failed' }).waitFor();
    await page.locator('#test-result').filter({ hasText: 'Service key test failed.' }).waitFor();
    assert.match((await page.locator('#test-result').textContent()) ?? '', /Failed at “Get an access token”/);
    await page.locator('#test-result-ok').click();
    await page.locator('#test-result').waitFor({ state: 'detached' });
    // the history names the failed step in words too
    await page
      .locator('#test-history-table ui5-table-row')
      .filter({ hasText: 'Get an access token' })
      .first()
      .waitFor();
    const text = await allText(page);
    assert.equal(count(text, 'Deleting in BTP does not delete this copy'), 1, 'the long message once');
    assert.equal(await page.locator('#deleted-in-btp').count(), 1);
    assert.doesNotMatch(text, ISO_TIME, 'no raw ISO time on the page');
    await assertNoSeriousA11yViolations(page, 'the Deleted-in-BTP strip');
    await screenshot(page, 'lm-service-key-deleted-in-btp', [key.secret]);

    // Upload current key: the copy is deleted (confirmed as any delete), then the upload dialog opens
    await page.locator('#deleted-upload-current').click();
    await page.getByRole('alertdialog', { name: 'Delete Service Key' }).waitFor();
    await page.locator('#confirm-ok').click();
    await page.getByRole('dialog', { name: 'Upload Service Key' }).waitFor();
    await page.locator('#upload-cancel').click();
    await page.locator('#upload-key').waitFor();
    console.assertClean();

    // a German browser: German times, no ISO time on the page
    const german = await browser.newContext({
      baseURL: t.server.url,
      ignoreHTTPSErrors: true,
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
    });
    try {
      const other = await german.newPage();
      await signInWithKeyboard(other, 'admin', ADMIN_PASSWORD);
      await other.locator('#page-title').waitFor();
      await other.goto(`/#/lm/${tenant.tenantId}/configuration`);
      const deletedRow = other.locator('#recently-deleted time, #test-history-table time').first();
      await deletedRow.waitFor();
      assert.match((await deletedRow.textContent()) ?? '', /^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}(:\d{2})?$/);
      assert.doesNotMatch(await allText(other), ISO_TIME);
      await other.goto('/#/audit');
      await other.locator('#audit-table time').first().waitFor();
      assert.match((await other.locator('#audit-table time').first().textContent()) ?? '', /^\d{2}\.\d{2}\.\d{4}, /);
      assert.doesNotMatch(await allText(other), ISO_TIME);
    } finally {
      await german.close();
    }
  } finally {
    await browser.close();
    await t.close();
  }
});
