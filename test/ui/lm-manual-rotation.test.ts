/**
 * A staged rotation by hand in a real browser (issue 17): the slot holds a key this BTP did not issue (as a real
 * SAP key looks to this server: no binding of the subaccount has its secret). The Security Administrator starts
 * the rotation with *Rotate* by keyboard; the *Key rotation* panel says what to do by hand (create the key in the
 * SAP BTP cockpit, upload it here) and the service-key section offers `+` beside the current key. The Security
 * Viewer sees the waiting rotation and its instructions, without `+` or the rotation's buttons. The administrator
 * uploads the new key with `+` (Enter on the file picker, the format check, Upload); it is tested and promoted
 * at once: the slot's key is the new one, green, the old one kept as the previous key for the grace period, and
 * `+` is gone. axe-core runs on the waiting page, the upload dialog and the promoted page; no secret on the page.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signIn, startTestServer } from '../support/server.js';
import {
  ADMIN_PASSWORD,
  btpKey,
  emptyTenant,
  slotPath,
  uploadRaw,
  userWithRoles,
  USER_PASSWORD,
} from '../support/landscape.js';
import {
  allText,
  assertControlsLabelled,
  chooseKeyFileByKeyboard,
  assertNoSeriousA11yViolations,
  launch,
  openPage,
  pressUntil,
  signInWithKeyboard,
} from './browser.js';

/** Scopes with which the Test's read probe passes (a key without them fails at step api). */
const READ = ['metrics.read', 'hm.read'];
const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

test('browser: a rotation by hand says what to do, offers + while it waits, and promotes the uploaded key; the Viewer gets no +', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD }, start: { demo: false } });
  const browser = await launch();
  try {
    const tenant = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
    const { cookie, tenantId } = tenant;
    // the current key: a key of this BTP with another secret, so that no binding here has it
    const sapKey = JSON.parse((await btpKey(t, cookie, tenant.subaccountId, undefined, READ)).keyText);
    const oldSecret = 'not-a-binding-of-this-btp';
    sapKey.uaa.clientsecret = oldSecret;
    const up = await uploadRaw(t, cookie, tenantId, JSON.stringify(sapKey, null, 2));
    assert.equal(up.status, 201, up.text);
    // the new key, as the administrator would download it from the SAP BTP cockpit
    const fresh = await btpKey(t, cookie, tenant.subaccountId, undefined, READ);
    const newClientId = JSON.parse(fresh.keyText).uaa.clientid as string;
    const keyFile = join(mkdtempSync(join(tmpdir(), 'calm-keys-manual-rotation-')), 'new-service-key.txt');
    writeFileSync(keyFile, fresh.keyText);

    const { page, console } = await openPage(browser, t.server.url);
    page.on('filechooser', () => {}); // the chooser is the test's to answer (see seed-procedure.test.ts)
    await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();
    await page.goto(`/#/lm/${tenantId}/configuration`);
    await page.getByRole('heading', { name: 'Key rotation' }).waitFor();
    await page.locator('#rotate-key').waitFor();
    assert.equal(await page.locator('#upload-key').count(), 0, 'no + while the slot holds its one key');

    // Rotate, by keyboard: Tab to it, Enter; in the dialog Tab to Rotate, Enter (grace period: the default 24 h)
    await pressUntil(page, 'Tab', /^ui5-button#rotate-key/, 60);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Rotate Service Key' }).waitFor();
    await pressUntil(page, 'Tab', /^ui5-button#rotation-start/, 10);
    await page.keyboard.press('Enter');

    // the panel says what to do by hand; the section offers + beside the current key
    await page.locator('#rotation-state', { hasText: 'Waiting for the new key to be uploaded' }).waitFor();
    const panel = page.locator('#key-rotation');
    await panel.getByText('By hand (a key this BTP did not issue)', { exact: false }).waitFor();
    const instructions = panel.locator('ui5-message-strip', { hasText: 'SAP BTP cockpit' });
    assert.match((await instructions.textContent()) ?? '', /create a new service key/);
    assert.match((await instructions.textContent()) ?? '', /Upload that key here \(the \+ upload/);
    const steps = page.locator('#rotation-steps ui5-table-row');
    assert.equal(await steps.count(), 2);
    assert.match((await steps.nth(1).textContent()) ?? '', /Waiting for the new key/);
    await page.locator('#upload-key').waitFor();
    assert.equal(await page.locator('#test-key').count(), 1, 'the current key keeps its actions');
    assert.equal(await page.locator('#rotate-key').count(), 0, 'no second rotation while one waits');
    await page.locator('#rotation-cancel').waitFor();
    await assertControlsLabelled(page);
    await assertNoSeriousA11yViolations(page, 'service-key page, rotation waiting for the upload');

    // the Security Viewer sees the waiting rotation and what to do, and gets no + and no rotation buttons
    await userWithRoles(t, cookie, 'manual-rot-viewer', [{ role: 'x_landscape_SecurityViewer', scopeId: tenantId }]);
    const viewer = await openPage(browser, t.server.url);
    try {
      await signInWithKeyboard(viewer.page, 'manual-rot-viewer', USER_PASSWORD);
      await viewer.page.locator('#page-title').waitFor();
      await viewer.page.goto(`/#/lm/${tenantId}/configuration`);
      await viewer.page.locator('#rotation-state', { hasText: 'Waiting for the new key to be uploaded' }).waitFor();
      await viewer.page.locator('#key-rotation ui5-message-strip', { hasText: 'SAP BTP cockpit' }).waitFor();
      await viewer.page.locator('#key-status').waitFor();
      assert.equal(
        await viewer.page.locator('#upload-key, #rotate-key, #rotation-cancel, #rotation-promote').count(),
        0,
        'the Viewer sees the rotation without + or its actions',
      );
      viewer.console.assertClean();
    } finally {
      await viewer.context.close();
    }

    // + by keyboard: Enter on it; Enter on the file picker opens the browser's file chooser; the format check
    // passes (the upload goes to the pending place, not refused as slot full); Tab to Upload, Enter
    await pressUntil(page, 'Shift+Tab', /^ui5-button#upload-key/, 60);
    await chooseKeyFileByKeyboard(page, keyFile);
    assert.equal(await page.locator('#format-errors').count(), 0, 'not refused as slot full');
    // the picker's value-state message opens in a popover (in the picker's shadow root, where browser.ts's wait for
    // opening popups does not look) just after the check's answer: axe reads it once it has faded in
    await page.locator('#key-file ui5-popover.ui5-valuestatemessage-popover[open]:not(.ui5-popup-opening)').waitFor();
    await assertNoSeriousA11yViolations(page, 'upload dialog during a rotation by hand');
    await pressUntil(page, 'Tab', /^ui5-button#upload-submit/, 10);
    await page.keyboard.press('Enter');

    // tested and promoted at once: the new key is current and green, the old one the previous key for 24 h
    await page
      .locator('#rotation-state', { hasText: 'Promoted; the old key works until the grace period ends' })
      .waitFor();
    await page.locator('#key-client-id', { hasText: newClientId }).waitFor();
    await page.locator('#key-status[data-status="active"]').waitFor();
    await page.locator('#slot-rotation', { hasText: 'Previous key' }).waitFor();
    assert.equal(await page.locator('#upload-key').count(), 0, 'no + once the slot is one key again');
    assert.equal(await steps.count(), 6);
    const stepTexts = (await steps.allTextContents()).join('\n');
    for (const step of ['New key uploaded', 'New key tested', 'New key pending promotion', 'New key promoted'])
      assert.ok(stepTexts.includes(step), `step "${step}" in ${stepTexts}`);
    // what is left to do by hand, with its time in the browser's locale (not the server's ISO instant)
    const grace = panel.locator('ui5-message-strip', { hasText: 'previous key' });
    const graceText = (await grace.textContent()) ?? '';
    assert.match(graceText, /delete its service key in the SAP BTP cockpit yourself/);
    assert.doesNotMatch(graceText, ISO_INSTANT, 'the grace period ends at a local time');
    await assertNoSeriousA11yViolations(page, 'service-key page, manual rotation promoted');

    // the server agrees: the download is the new key, the rotation in grace
    const slot = (await t.http.call('GET', slotPath(tenantId), { cookie })).json();
    assert.deepEqual(
      [slot.key.summary.clientId, slot.key.status.value, slot.rotation.state],
      [newClientId, 'active', 'grace'],
    );
    const text = await allText(page);
    for (const secret of [fresh.secret, oldSecret]) assert.ok(!text.includes(secret), 'no secret on the page');
    assert.ok(!console.all.some((line) => line.includes(fresh.secret)), 'no secret in the console');
    console.assertClean();
  } finally {
    await browser.close();
    await t.close();
  }
});
