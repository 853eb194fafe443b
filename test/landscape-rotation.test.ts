/**
 * Staged rotation of a tenant's service key on the real server (issue 17), SQLite and PostgreSQL: a rotation
 * end to end with a 2 s grace period (the old secret gets tokens during it and 401 invalid_client after, the
 * download is the new key after promotion), a failed Test of the new key, cancel before promotion, a key this
 * BTP did not issue (rotated by hand: the upload goes to the pending place), the Viewer's 403 and another
 * tenant's 404, the CLI, and (SQLite) a restart that continues the rotation. The worker polls every 200 ms
 * here (CALM_KEYS_LM_ROTATION_POLL_MS).
 *
 * The failed Test is a real one: a held rotation (`hold: true`) stops after the new key's green Test; the new
 * binding is then deleted in BTP (as an administrator might by mistake), and the promotion, which tests the
 * pending key again first, gets 401 invalid_client from the token endpoint. Chosen over a server setting that
 * breaks every Test (an egress allow-list or probe path), which would fail the old key's Test just the same and
 * so prove less about "the current key stays untouched".
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { runCliCaptured } from './support/cli.js';
import { signIn, startTestServer, type TestServer } from './support/server.js';
import { ADMIN_PASSWORD, btpKey, emptyTenant, slotPath, uploadRaw, userWithRoles } from './support/landscape.js';

/** Scopes with which the Test's read probe passes (a key without them fails at step api, as any key would). */
const READ = ['metrics.read', 'hm.read'];
const rotationPath = (tenantId: string) => `${slotPath(tenantId)}/rotation`;

async function tokenStatus(t: TestServer, keyText: string): Promise<{ status: number; error?: string }> {
  const uaa = JSON.parse(keyText).uaa;
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: uaa.clientid,
    client_secret: uaa.clientsecret,
  });
  const res = await t.http.call('POST', '/oauth/token', {
    rawBody: form.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  return res.status === 200 ? { status: 200 } : { status: res.status, error: res.json().error };
}

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

for (const kind of await testDatabaseKinds()) {
  let t: TestServer;
  let admin: string;

  /** A tenant whose slot holds a key of a binding of this BTP. */
  async function tenantWithBtpKey() {
    const tenant = await emptyTenant(t, admin);
    const key = await btpKey(t, tenant.cookie, tenant.subaccountId, undefined, READ);
    const up = await uploadRaw(t, tenant.cookie, tenant.tenantId, key.keyText);
    assert.equal(up.status, 201, up.text);
    return { ...tenant, key };
  }
  const download = async (cookie: string, tenantId: string) => {
    const res = await t.http.call('GET', `${slotPath(tenantId)}/download`, { cookie });
    assert.equal(res.status, 200, res.text);
    return res.text;
  };
  const rotation = async (cookie: string, tenantId: string) => {
    const res = await t.http.call('GET', rotationPath(tenantId), { cookie });
    assert.equal(res.status, 200, res.text);
    return res.json();
  };

  before(async () => {
    t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD, CALM_KEYS_LM_ROTATION_POLL_MS: '200' },
      start: { demo: false },
    });
    admin = await signIn(t.http, 'admin', ADMIN_PASSWORD);
  });
  after(() => t.close());

  test(`${kind.name}: a rotation end to end: new binding, Test, promotion, grace, old binding deleted (revoked)`, async () => {
    const tenant = await tenantWithBtpKey();
    const { cookie, tenantId, key } = tenant;
    assert.equal((await tokenStatus(t, key.keyText)).status, 200);

    const started = await t.http.call('POST', rotationPath(tenantId), { cookie, body: { graceSeconds: 2 } });
    assert.equal(started.status, 201, started.text);
    const r = started.json().rotation;
    assert.equal(r.mode, 'btp');
    assert.equal(r.state, 'grace', started.text);
    assert.deepEqual(
      r.steps.map((s: { step: string }) => s.step),
      ['started', 'binding_created', 'tested', 'pending', 'promoted'],
    );
    for (const s of r.steps) assert.match(s.at, /^\d{4}-\d\d-\d\dT/);
    assert.ok(r.newBindingId && r.newBindingId !== key.bindingId);
    assert.equal(r.oldKey.bindingId, key.bindingId);

    // the download is the new key now: same client, another secret, its binding's
    const current = await download(cookie, tenantId);
    const newKey = JSON.parse(current);
    assert.equal(newKey.uaa.clientid, JSON.parse(key.keyText).uaa.clientid);
    assert.notEqual(newKey.uaa.clientsecret, key.secret);
    assert.ok(String(newKey.uaa.clientsecret).startsWith(`${r.newBindingId}$`));
    assert.equal((await tokenStatus(t, current)).status, 200);

    // during the grace period the old secret still gets tokens; the slot shows the previous key, masked
    assert.equal((await tokenStatus(t, key.keyText)).status, 200, 'old secret during grace');
    const view = await t.http.call('GET', slotPath(tenantId), { cookie });
    assert.equal(view.json().rotation.state, 'grace');
    assert.equal(view.json().rotation.previous.clientId, newKey.uaa.clientid);
    assert.equal(view.json().key.status.value, 'active');
    for (const text of [view.text, started.text]) {
      assert.ok(!text.includes(key.secret), 'no old secret shown');
      assert.ok(!text.includes(newKey.uaa.clientsecret), 'no new secret shown');
    }

    // after it, the worker deletes the old binding in BTP: its secret gets 401 invalid_client
    const done = await until(
      'the rotation to complete',
      () => rotation(cookie, tenantId),
      (a) => a.rotation.state === 'completed',
    );
    assert.equal(done.rotation.steps.at(-1).step, 'old_binding_deleted');
    assert.deepEqual(await tokenStatus(t, key.keyText), { status: 401, error: 'invalid_client' });
    assert.equal((await tokenStatus(t, current)).status, 200, 'the new key keeps working');
    assert.equal(await download(cookie, tenantId), current);
    assert.equal((await t.http.call('GET', slotPath(tenantId), { cookie })).json().rotation, undefined);
    assert.equal(done.actions.rotate, true);

    // every step audited, and the events for webhooks recorded, none with a secret
    const audited = await t.server.store.db
      .selectFrom('audit_events')
      .select(['details', 'outcome'])
      .where('action', '=', 'lm.service_key.rotation_step')
      .where('tenant_id', '=', tenantId)
      .execute();
    const steps = audited.map((a) => JSON.parse(a.details).step);
    assert.deepEqual(steps, ['started', 'binding_created', 'tested', 'pending', 'promoted', 'old_binding_deleted']);
    const events = await t.server.store.db
      .selectFrom('outbox_events')
      .select('payload')
      .where('topic', '=', 'lm.key.rotation_step')
      .execute();
    const mine = events.map((e) => JSON.parse(e.payload)).filter((p) => p.tenantId === tenantId);
    assert.equal(mine.length, 6);
    for (const e of [...audited.map((a) => a.details), ...events.map((e) => e.payload)]) {
      assert.ok(!e.includes(key.secret) && !e.includes(newKey.uaa.clientsecret));
    }
  });

  test(`${kind.name}: a failed Test of the new key stops the rotation and leaves the old key current`, async () => {
    const { cookie, tenantId, key } = await tenantWithBtpKey();
    const held = await t.http.call('POST', rotationPath(tenantId), { cookie, body: { hold: true, graceSeconds: 0 } });
    assert.equal(held.status, 201, held.text);
    const r = held.json().rotation;
    assert.equal(r.state, 'pending', held.text);
    assert.equal(r.pending.test.ok, true);
    assert.deepEqual(held.json().actions, { rotate: false, cancel: true, promote: true });
    // pending is shown as the calm-keys extension; the download is still the current key
    const view = (await t.http.call('GET', slotPath(tenantId), { cookie })).json();
    assert.equal(view.rotation.pending.status, 'passed');
    assert.match(view.rotation.note, /calm-keys extension/);
    assert.equal(await download(cookie, tenantId), key.keyText);

    // the new binding disappears in BTP before promotion: the promotion's Test fails
    const gone = await t.http.call('DELETE', `/v1/service_bindings/${r.newBindingId}?async=false`, { cookie });
    assert.equal(gone.status, 200, gone.text);
    const promoted = await t.http.call('POST', `${rotationPath(tenantId)}/promote`, { cookie });
    assert.equal(promoted.status, 200, promoted.text);
    const failed = promoted.json().rotation;
    assert.equal(failed.state, 'failed');
    assert.match(failed.failure, /Test failed at step "token"/);
    assert.match(failed.steps.find((s: { step: string }) => s.step === 'failed').detail, /current key is untouched/);
    assert.equal(failed.steps.find((s: { outcome: string }) => s.outcome === 'failed').step, 'tested');

    assert.equal(await download(cookie, tenantId), key.keyText, 'the old key is still current');
    assert.equal((await tokenStatus(t, key.keyText)).status, 200);
    assert.equal((await t.http.call('GET', slotPath(tenantId), { cookie })).json().rotation, undefined);
    // a finished rotation cannot be promoted or cancelled; a new one may start
    const again = await t.http.call('POST', `${rotationPath(tenantId)}/cancel`, { cookie });
    assert.deepEqual([again.status, again.json().error.code], [404, 'lm.rotation.not_found']);
  });

  test(`${kind.name}: cancel before promotion deletes the new binding and clears the pending key`, async () => {
    const { cookie, tenantId, key } = await tenantWithBtpKey();
    const held = await t.http.call('POST', rotationPath(tenantId), { cookie, body: { hold: true } });
    assert.equal(held.status, 201, held.text);
    const newBindingId = held.json().rotation.newBindingId as string;
    const busy = await t.http.call('POST', rotationPath(tenantId), { cookie, body: {} });
    assert.deepEqual([busy.status, busy.json().error.code], [409, 'lm.rotation.in_progress']);

    const cancelled = await t.http.call('POST', `${rotationPath(tenantId)}/cancel`, { cookie });
    assert.equal(cancelled.status, 200, cancelled.text);
    const r = cancelled.json().rotation;
    assert.equal(r.state, 'cancelled');
    assert.equal(r.pending, null);
    assert.deepEqual(
      r.steps.slice(-2).map((s: { step: string; outcome: string }) => [s.step, s.outcome]),
      [
        ['cancelled', 'ok'],
        ['new_binding_deleted', 'ok'],
      ],
    );
    const binding = await t.http.call('GET', `/v1/service_bindings/${newBindingId}`, { cookie });
    assert.equal(binding.status, 404, binding.text);
    assert.equal(await download(cookie, tenantId), key.keyText);
    assert.equal((await tokenStatus(t, key.keyText)).status, 200);
  });

  test(`${kind.name}: a key this BTP did not issue: the rotation waits for the upload, then promotes it`, async () => {
    const tenant = await emptyTenant(t, admin);
    const { cookie, tenantId } = tenant;
    // as a real SAP key looks to this server: no binding of this subaccount names it
    const sapKey = JSON.parse((await btpKey(t, cookie, tenant.subaccountId, undefined, READ)).keyText);
    sapKey.uaa.clientsecret = 'not-a-binding-of-this-btp';
    const up = await uploadRaw(t, cookie, tenantId, JSON.stringify(sapKey, null, 2));
    assert.equal(up.status, 201, up.text);

    const started = await t.http.call('POST', rotationPath(tenantId), { cookie, body: { graceSeconds: 0 } });
    assert.equal(started.status, 201, started.text);
    const r = started.json().rotation;
    assert.deepEqual([r.mode, r.state], ['manual', 'waiting_upload']);
    assert.match(r.nextAction, /BTP cockpit/);
    assert.match(r.nextAction, /upload/i);
    // the slot's view offers the upload (the web UI's +) while the rotation waits for it, to the administrator only
    const waiting = (await t.http.call('GET', slotPath(tenantId), { cookie })).json();
    assert.deepEqual(
      [waiting.slot, waiting.actions.upload, waiting.rotation.state],
      ['filled', true, 'waiting_upload'],
    );
    const viewer = await userWithRoles(t, cookie, `manual-viewer-${kind.name}`, [
      { role: 'x_landscape_SecurityViewer', scopeId: tenantId },
    ]);
    assert.equal((await t.http.call('GET', slotPath(tenantId), { cookie: viewer })).json().actions.upload, false);

    // the next upload goes to the pending place (not 409 slot_full), is tested and promoted
    const fresh = await btpKey(t, cookie, tenant.subaccountId, undefined, READ);
    const placed = await uploadRaw(t, cookie, tenantId, fresh.keyText);
    assert.equal(placed.status, 201, placed.text);
    assert.equal(await download(cookie, tenantId), fresh.keyText);
    const done = await until(
      'the manual rotation to complete',
      () => rotation(cookie, tenantId),
      (a) => a.rotation.state === 'completed',
    );
    const last = done.rotation.steps.at(-1);
    assert.equal(last.step, 'old_key_retired');
    assert.match(last.detail, /no BTP deletion possible/);
    assert.deepEqual(
      done.rotation.steps.map((s: { step: string }) => s.step),
      ['started', 'waiting_upload', 'uploaded', 'tested', 'pending', 'promoted', 'old_key_retired'],
    );
    // the slot is one key again: no + offered, and a further upload is refused as usual
    assert.equal((await t.http.call('GET', slotPath(tenantId), { cookie })).json().actions.upload, false);
    const full = await uploadRaw(t, cookie, tenantId, fresh.keyText);
    assert.equal(full.status, 409, full.text);
  });

  test(`${kind.name}: the Security Viewer sees the rotation (403 to act); another tenant answers 404`, async () => {
    const { cookie, tenantId } = await tenantWithBtpKey();
    const viewer = await userWithRoles(t, cookie, `rot-viewer-${kind.name}`, [
      { role: 'x_landscape_SecurityViewer', scopeId: tenantId },
    ]);
    const seen = await t.http.call('GET', rotationPath(tenantId), { cookie: viewer });
    assert.equal(seen.status, 200, seen.text);
    assert.deepEqual(seen.json().actions, { rotate: false, cancel: false, promote: false });
    for (const path of [
      rotationPath(tenantId),
      `${rotationPath(tenantId)}/cancel`,
      `${rotationPath(tenantId)}/promote`,
    ]) {
      const res = await t.http.call('POST', path, { cookie: viewer, body: path.endsWith('rotation') ? {} : undefined });
      assert.deepEqual([res.status, res.json().error.code], [403, 'access.forbidden'], path);
    }
    const other = await emptyTenant(t, admin);
    const outsider = await userWithRoles(t, other.cookie, `rot-outsider-${kind.name}`, [
      { role: 'x_landscape_SecurityAdministrator', scopeId: other.tenantId },
    ]);
    for (const [method, path] of [
      ['GET', rotationPath(tenantId)],
      ['POST', rotationPath(tenantId)],
      ['POST', `${rotationPath(tenantId)}/cancel`],
    ] as const) {
      const res = await t.http.call(method, path, {
        cookie: outsider,
        ...(method === 'POST' && path.endsWith('rotation') ? { body: {} } : {}),
      });
      assert.deepEqual([res.status, res.json().error.code], [404, 'lm.tenant.not_found'], `${method} ${path}`);
    }
    const bad = await t.http.call('POST', rotationPath(tenantId), { cookie, body: { graceSeconds: 31 * 86_400 } });
    assert.equal(bad.status, 400, bad.text);
  });
  test(`${kind.name}: the CLI: lm key rotate --hold, rotation show, rotate --cancel; bad --grace is a usage error`, async () => {
    const { cookie, tenantId } = await tenantWithBtpKey();
    const token = (await t.http.call('POST', '/auth/v1/tokens', { cookie, body: { name: 'cli' } })).json().token;
    const server = ['--url', t.server.url, '--ca', t.server.caFile!, '--token', token as string];
    const cli = (...args: string[]) => runCliCaptured([...args, '--tenant', tenantId, ...server]);

    const bad = await cli('lm', 'key', 'rotate', '--grace', '31d');
    assert.equal(bad.code, 2, bad.out + bad.err);
    assert.match(bad.err, /--grace takes 0s to 30d/);

    const held = await cli('lm', 'key', 'rotate', '--grace', '1h', '--hold');
    assert.equal(held.code, 0, held.out + held.err);
    assert.match(held.out, /: pending\n/);
    assert.match(held.out, /grace period 3600 s; held before promotion/);
    assert.match(held.out, /✔ \S+ {2}binding_created/);
    assert.match(held.out, /pending key: client id sb-/);
    assert.match(held.out, /calm-keys lm key rotation promote/);

    const shown = await cli('lm', 'key', 'rotation', 'show');
    assert.equal(shown.code, 0, shown.err);
    assert.match(shown.out, /: pending\n/);

    const cancelled = await cli('lm', 'key', 'rotate', '--cancel');
    assert.equal(cancelled.code, 0, cancelled.out + cancelled.err);
    assert.match(cancelled.out, /: cancelled\n/);
    assert.match(cancelled.out, /new_binding_deleted/);
    const none = await cli('lm', 'key', 'rotation', 'cancel');
    assert.equal(none.code, 2, none.out + none.err);
    assert.match(none.err, /lm\.rotation\.not_found/);
  });
}

test('sqlite: a restart continues: the grace period that ended while the server was down ends with the old binding deleted', async () => {
  const first = await startTestServer({
    env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD, CALM_KEYS_LM_ROTATION_POLL_MS: '200' },
    start: { demo: false },
  });
  let second: TestServer | undefined;
  let firstOpen = true;
  try {
    const t0 = first;
    const admin0 = await signIn(t0.http, 'admin', ADMIN_PASSWORD);
    const tenant = await emptyTenant(t0, admin0);
    const key = await btpKey(t0, tenant.cookie, tenant.subaccountId, undefined, READ);
    assert.equal((await uploadRaw(t0, tenant.cookie, tenant.tenantId, key.keyText)).status, 201);
    const started = await t0.http.call('POST', rotationPath(tenant.tenantId), {
      cookie: tenant.cookie,
      body: { graceSeconds: 2 },
    });
    assert.equal(started.json().rotation.state, 'grace', started.text);
    await first.close();
    firstOpen = false;
    await new Promise((r) => setTimeout(r, 2500)); // the grace period ends while no server runs
    second = await startTestServer({
      env: {
        CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD,
        CALM_KEYS_LM_ROTATION_POLL_MS: '200',
        CALM_KEYS_DATA_DIR: first.dataDir,
      },
      start: { demo: false },
    });
    const t1 = second;
    const cookie = await signIn(t1.http, 'admin', ADMIN_PASSWORD);
    const done = await until(
      'the rotation to complete after the restart',
      async () => (await t1.http.call('GET', rotationPath(tenant.tenantId), { cookie })).json(),
      (a) => a.rotation?.state === 'completed',
    );
    assert.equal(done.rotation.steps.at(-1).step, 'old_binding_deleted');
    const uaa = JSON.parse(key.keyText).uaa;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: uaa.clientid,
      client_secret: uaa.clientsecret,
    });
    const refused = await t1.http.call('POST', '/oauth/token', {
      rawBody: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.deepEqual([refused.status, refused.json().error], [401, 'invalid_client']);
  } finally {
    if (firstOpen) await first.close();
    await second?.close();
  }
});
