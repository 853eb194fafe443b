/**
 * Attack review of issue 17's features on the real server over HTTP, SQLite and PostgreSQL:
 * - a staged rotation must not revoke the key the slot holds: when the old key is back in the slot at the end
 *   of the grace period (uploaded again, or restored, after the new one was deleted), its BTP binding is kept;
 * - another tenant's administrator reaches none of a tenant's webhooks, deliveries, deleted keys, restore,
 *   rotation or test history (404), and a Security Viewer acts on none of them (403);
 * - odd bodies and parameters on the new routes answer 4xx with a stable code, never a 500 or a stack trace;
 * - webhook URLs: user info, other spellings of loopback and hosts off the allow-list are refused.
 */
import { test, before, after } from 'node:test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { signIn, startTestServer, type TestServer } from './support/server.js';
import { receiver } from './support/webhooks.js';
import {
  ADMIN_PASSWORD,
  btpKey,
  emptyTenant,
  slotPath,
  tokenFor,
  uploadRaw,
  userWithRoles,
} from './support/landscape.js';

const READ = ['metrics.read', 'hm.read'];

async function tokenStatus(t: TestServer, keyText: string): Promise<number> {
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
  return res.status;
}

async function download(t: TestServer, cookie: string, tenantId: string): Promise<string> {
  const res = await t.http.call('GET', `${slotPath(tenantId)}/download`, { cookie });
  assert.equal(res.status, 200, res.text);
  return res.text;
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

  before(async () => {
    t = await startTestServer({
      database: kind.name,
      env: {
        CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD,
        CALM_KEYS_LM_ROTATION_POLL_MS: '200',
        CALM_KEYS_EGRESS_ALLOW: '127.0.0.1:*',
      },
      start: { demo: false },
    });
    admin = await signIn(t.http, 'admin', ADMIN_PASSWORD);
  });
  after(() => t.close());

  test(`${kind.name}: the old key back in the slot at the end of the grace period keeps its BTP binding`, async () => {
    const tenant = await emptyTenant(t, admin);
    const { cookie, tenantId } = tenant;
    const key = await btpKey(t, cookie, tenant.subaccountId, undefined, READ);
    assert.equal((await uploadRaw(t, cookie, tenantId, key.keyText)).status, 201);

    const started = await t.http.call('POST', `${slotPath(tenantId)}/rotation`, { cookie, body: { graceSeconds: 3 } });
    assert.equal(started.status, 201, started.text);
    assert.equal(started.json().rotation.state, 'grace', started.text);

    const newSecret = JSON.parse(await download(t, cookie, tenantId)).uaa.clientsecret as string;
    assert.notEqual(newSecret, key.secret);

    // the new key is deleted from the slot and the old one uploaded again, within the grace period
    const deleted = await t.http.call('DELETE', `${slotPath(tenantId)}?confirm=recently-used`, { cookie });
    assert.equal(deleted.status, 204, deleted.text);
    const again = await uploadRaw(t, cookie, tenantId, key.keyText);
    assert.equal(again.status, 201, again.text);

    const done = await until(
      'the rotation to finish',
      async () => (await t.http.call('GET', `${slotPath(tenantId)}/rotation`, { cookie })).json(),
      (a) => a.rotation?.state === 'completed' || a.rotation?.state === 'failed',
    );
    const last = done.rotation.steps.at(-1);
    assert.equal(last.step, 'old_binding_deleted', JSON.stringify(done.rotation.steps));
    assert.equal(last.outcome, 'failed', 'the binding of the key in the slot is not deleted');
    assert.match(last.detail, /slot holds the old key/);
    assert.equal(await tokenStatus(t, key.keyText), 200, "the slot's key still gets tokens");
    const binding = await t.http.call('GET', `/v1/service_bindings/${key.bindingId}`, { cookie });
    assert.equal(binding.status, 200, binding.text);

    // neither key's secret, nor a webhook's, is stored in plain text in any table (outbox, deliveries, audit, steps)
    const hook = await t.http.call('POST', `/lm/v1/tenants/${tenantId}/webhooks`, {
      cookie,
      body: { url: 'http://127.0.0.1:9/hook' },
    });
    assert.equal(hook.status, 201, hook.text);
    const whsec = hook.json().secret as string;
    await t.http.call('POST', `/lm/v1/tenants/${tenantId}/webhooks/${hook.json().webhook.id}/test`, { cookie });
    const db = t.server.store.db;
    const tables = await db.introspection.getTables();
    assert.ok(tables.length > 10, tables.map((x) => x.name).join());
    for (const table of tables) {
      const rows = await db
        .selectFrom(table.name as never)
        .selectAll()
        .execute();
      const text = JSON.stringify(rows);
      for (const [what, secret] of [
        ['old key secret', key.secret],
        ['new key secret', newSecret],
        ['webhook secret', whsec],
        ['webhook secret body', whsec.slice('whsec_'.length)],
      ] as const)
        if (secret) assert.ok(!text.includes(secret), `${what} in table ${table.name}`);
    }
    assert.ok(t.logs.length > 0, 'the log is captured');
    const logs = t.logs.join('\n');
    for (const secret of [key.secret, newSecret, whsec.slice('whsec_'.length)])
      assert.ok(!logs.includes(secret), 'no secret in the server log');
  });

  test(`${kind.name}: a rotation never deletes a binding whose secret the uploaded key does not hold`, async () => {
    const tenant = await emptyTenant(t, admin);
    const key = await btpKey(t, tenant.cookie, tenant.subaccountId, undefined, READ);
    // another binding of the same instance, used elsewhere: its id is known, its secret is not
    const other = await t.http.call('POST', '/v1/service_bindings?async=false', {
      cookie: tenant.cookie,
      body: { name: 'used-elsewhere', service_instance_id: key.instanceId },
    });
    assert.equal(other.status, 201, other.text);
    const victimKey = `${JSON.stringify(other.json().credentials, null, 2)}\n`;
    const victimBinding = other.json().id as string;
    // a Landscape Management Security Administrator with no BTP role uploads a key naming that binding
    const lmAdmin = await userWithRoles(t, admin, `sec17-lm-${kind.name}`, [
      { role: 'x_landscape_SecurityAdministrator', scopeId: tenant.tenantId },
    ]);
    const forged = JSON.parse(key.keyText);
    forged.uaa.clientsecret = `${victimBinding}$not-its-secret`;
    const up = await uploadRaw(t, lmAdmin, tenant.tenantId, JSON.stringify(forged, null, 2));
    assert.equal(up.status, 201, up.text);
    const started = await t.http.call('POST', `${slotPath(tenant.tenantId)}/rotation`, {
      cookie: lmAdmin,
      body: { graceSeconds: 0 },
    });
    assert.equal(started.status, 201, started.text);
    await new Promise((r) => setTimeout(r, 1_500));
    const binding = await t.http.call('GET', `/v1/service_bindings/${victimBinding}`, { cookie: tenant.cookie });
    assert.equal(binding.status, 200, `the other binding is kept: ${binding.text}`);
    assert.equal(await tokenStatus(t, victimKey), 200, 'its secret still gets tokens');
    assert.notEqual(started.json().rotation.mode, 'btp', started.text);
  });

  test(`${kind.name}: another tenant's administrator gets 404 and a Security Viewer 403 on every new route`, async () => {
    const victim = await emptyTenant(t, admin);
    const key = await btpKey(t, victim.cookie, victim.subaccountId, undefined, READ);
    assert.equal((await uploadRaw(t, victim.cookie, victim.tenantId, key.keyText)).status, 201);
    const hook = await t.http.call('POST', `/lm/v1/tenants/${victim.tenantId}/webhooks`, {
      cookie: victim.cookie,
      body: { url: 'http://127.0.0.1:9/hook', enabled: false },
    });
    assert.equal(hook.status, 201, hook.text);
    const webhookId = hook.json().webhook.id as string;

    // an administrator of another tenant only
    const attackerTenant = await emptyTenant(t, admin);
    const attacker = await userWithRoles(t, admin, 'sec17-attacker', [
      { role: 'x_landscape_SecurityAdministrator', scopeId: attackerTenant.tenantId },
    ]);
    const viewer = await userWithRoles(t, admin, 'sec17-viewer', [
      { role: 'x_landscape_SecurityViewer', scopeId: victim.tenantId },
    ]);
    const slot = slotPath(victim.tenantId);
    const hooks = `/lm/v1/tenants/${victim.tenantId}/webhooks`;
    const reads: [string, string][] = [
      ['GET', hooks],
      ['GET', `${hooks}/${webhookId}`],
      ['GET', `${hooks}/${webhookId}/deliveries`],
      ['GET', `${slot}/blast-radius`],
      ['GET', `${slot}/deleted`],
      ['GET', `${slot}/tests`],
      ['GET', `${slot}/rotation`],
    ];
    const actions: [string, string, unknown][] = [
      ['POST', hooks, { url: 'http://127.0.0.1:9/x' }],
      ['PATCH', `${hooks}/${webhookId}`, { enabled: true }],
      ['DELETE', `${hooks}/${webhookId}`, undefined],
      ['POST', `${hooks}/${webhookId}/test`, undefined],
      ['POST', `${slot}/restore`, undefined],
      ['POST', `${slot}/rotation`, { graceSeconds: 0 }],
      ['POST', `${slot}/rotation/promote`, undefined],
      ['POST', `${slot}/rotation/cancel`, undefined],
    ];
    for (const [method, path] of reads) {
      const res = await t.http.call(method, path, { cookie: attacker });
      assert.equal(res.status, 404, `${method} ${path}: ${res.text}`);
    }
    for (const [method, path, body] of actions) {
      const res = await t.http.call(method, path, { cookie: attacker, ...(body ? { body } : {}) });
      assert.equal(res.status, 404, `${method} ${path}: ${res.text}`);
      const seen = await t.http.call(method, path, { cookie: viewer, ...(body ? { body } : {}) });
      assert.equal(seen.status, 403, `viewer ${method} ${path}: ${seen.text}`);
    }
    // the victim's subscription through the attacker's own tenant: not found there
    const own = `/lm/v1/tenants/${attackerTenant.tenantId}/webhooks/${webhookId}`;
    for (const [method, path, body] of [
      ['GET', own, undefined],
      ['GET', `${own}/deliveries`, undefined],
      ['PATCH', own, { enabled: true }],
      ['POST', `${own}/test`, undefined],
      ['DELETE', own, undefined],
    ] as const) {
      const res = await t.http.call(method, path, { cookie: attacker, ...(body ? { body } : {}) });
      assert.equal(res.status, 404, `${method} ${path}: ${res.text}`);
      assert.equal(res.json().error.code, 'lm.webhook.not_found');
    }
    // the tenant's own service key's token is no person: 401 on every route, read or action
    const keyToken = await tokenFor(t, key.keyText);
    for (const [method, path] of [...reads, ...actions.map(([m, p]) => [m, p] as [string, string])]) {
      const res = await t.http.call(method, path, { token: keyToken });
      assert.equal(res.status, 401, `service-key token ${method} ${path}: ${res.text}`);
    }
    // the binding certificates of a subaccount the attacker does not administer
    const certs = await t.http.call('GET', `/btp/v1/binding_certificates?subaccount_id=${victim.subaccountId}`, {
      cookie: attacker,
    });
    assert.ok(certs.status === 404 || certs.status === 403, certs.text);
    const mine = await t.http.call('GET', '/btp/v1/binding_certificates', { cookie: attacker });
    assert.ok(!mine.text.includes(key.bindingId), mine.text);
    // nothing changed in the victim's tenant
    assert.equal((await t.http.call('GET', `${hooks}/${webhookId}`, { cookie: victim.cookie })).json().enabled, false);
    assert.equal((await t.http.call('GET', slot, { cookie: victim.cookie })).status, 200);

    // a key the victim deleted cannot be restored into the attacker's tenant by its id
    const gone = await t.http.call('DELETE', `${slot}?confirm=recently-used`, { cookie: victim.cookie });
    assert.equal(gone.status, 204, gone.text);
    const deletedId = (await t.http.call('GET', `${slot}/deleted`, { cookie: victim.cookie })).json().items[0].id;
    const stolen = await t.http.call('POST', `${slotPath(attackerTenant.tenantId)}/restore?id=${deletedId}`, {
      cookie: attacker,
    });
    assert.equal(stolen.status, 404, stolen.text);
    assert.equal(stolen.json().error.code, 'lm.deleted_key.not_found');
    const restored = await t.http.call('POST', `${slot}/restore?id=${deletedId}`, { cookie: victim.cookie });
    assert.equal(restored.status, 200, restored.text);
  });

  test(`${kind.name}: concurrent adds stop at 20 webhook subscriptions per tenant`, async () => {
    const tenant = await emptyTenant(t, admin);
    const hooks = `/lm/v1/tenants/${tenant.tenantId}/webhooks`;
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.http.call('POST', hooks, {
          cookie: tenant.cookie,
          body: { url: `http://127.0.0.1:9/h${i}`, enabled: false },
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    assert.ok(
      statuses.every((s) => s === 201 || s === 409),
      statuses.join(','),
    );
    const items = (await t.http.call('GET', hooks, { cookie: tenant.cookie })).json().items;
    assert.equal(items.length, 20, `subscriptions stored: ${items.length}`);
    assert.equal(statuses.filter((s) => s === 201).length, 20);
  });

  test(`${kind.name}: a forged x-calm-keys-key-test header does not hide a call from the blast radius`, async () => {
    const tenant = await emptyTenant(t, admin);
    const key = await btpKey(t, tenant.cookie, tenant.subaccountId, undefined, READ);
    assert.equal((await uploadRaw(t, tenant.cookie, tenant.tenantId, key.keyText)).status, 201);
    const uaa = JSON.parse(key.keyText).uaa;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: uaa.clientid,
      client_secret: uaa.clientsecret,
    });
    for (const marker of ['1', 'true', '', 'x'.repeat(32)]) {
      const res = await t.http.call('POST', '/oauth/token', {
        rawBody: form.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-calm-keys-key-test': marker },
      });
      assert.equal(res.status, 200, res.text);
    }
    const radius = await t.http.call('GET', `${slotPath(tenant.tenantId)}/blast-radius`, { cookie: tenant.cookie });
    assert.equal(radius.status, 200, radius.text);
    const calls = radius.json().calls as { tokenRequests: number; testCalls: number }[];
    assert.equal(
      calls.reduce((n, c) => n + c.tokenRequests, 0),
      4,
      radius.text,
    );
    assert.equal(
      calls.reduce((n, c) => n + c.testCalls, 0),
      0,
    );
    assert.equal(radius.json().needsConfirmation, true);
  });

  test(`${kind.name}: a webhook receiver's redirect is not followed; the log names no secret`, async () => {
    const target = await receiver([]);
    const redirecting = createServer((req, res) => {
      req.resume();
      res.writeHead(307, { location: `${target.url}?stolen=1` });
      res.end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = redirecting.address() as AddressInfo;
      const tenant = await emptyTenant(t, admin);
      const hooks = `/lm/v1/tenants/${tenant.tenantId}/webhooks`;
      const created = await t.http.call('POST', hooks, {
        cookie: tenant.cookie,
        body: { url: `http://127.0.0.1:${port}/hook` },
      });
      assert.equal(created.status, 201, created.text);
      const { id } = created.json().webhook;
      const secret = created.json().secret as string;
      assert.equal((await t.http.call('POST', `${hooks}/${id}/test`, { cookie: tenant.cookie })).status, 202);
      const log = await until(
        'the attempt',
        async () => (await t.http.call('GET', `${hooks}/${id}/deliveries`, { cookie: tenant.cookie })).json(),
        (l) => l.items.length > 0,
      );
      assert.equal(log.items[0].statusCode, 307);
      assert.match(log.items[0].error, /HTTP 307/);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(target.received.length, 0, 'the redirect target got nothing');
      for (const path of [hooks, `${hooks}/${id}`, `${hooks}/${id}/deliveries`]) {
        const res = await t.http.call('GET', path, { cookie: tenant.cookie });
        assert.ok(!res.text.includes(secret.slice(6)), `no secret in ${path}`);
      }
    } finally {
      redirecting.close();
      await target.close();
    }
  });

  test(`${kind.name}: odd input on the new routes answers 4xx with a code; webhook URLs are checked`, async () => {
    const tenant = await emptyTenant(t, admin);
    const { cookie, tenantId } = tenant;
    const hooks = `/lm/v1/tenants/${tenantId}/webhooks`;
    const slot = slotPath(tenantId);
    const long = 'a'.repeat(5000);
    const cases: [string, string, unknown][] = [
      ['POST', hooks, []],
      ['POST', hooks, 'text'],
      ['POST', hooks, { url: 42 }],
      ['POST', hooks, { url: 'http://127.0.0.1:9/x', events: 'key.uploaded' }],
      ['POST', hooks, { url: 'http://127.0.0.1:9/x', events: [null] }],
      ['POST', hooks, { url: `http://127.0.0.1:9/${long}` }],
      ['POST', hooks, { url: 'http://[::1]:9/x' }],
      ['POST', hooks, { url: 'http://[::ffff:127.0.0.1]:9/x' }],
      ['POST', hooks, { url: 'http://localhost:9/x' }],
      ['POST', hooks, { url: 'http://127.0.0.1.nip.io:9/x' }],
      ['POST', hooks, { url: 'http://:pw@127.0.0.1:9/x' }],
      ['POST', hooks, { url: 'http://127.0.0.1:9@evil.example/x' }],
      ['POST', hooks, { url: 'javascript:alert(1)' }],
      ['GET', `${hooks}/${encodeURIComponent('../../x')}`, undefined],
      ['GET', `${hooks}/${long}`, undefined],
      ['GET', `${hooks}/x/deliveries?limit=-1`, undefined],
      ['GET', `${hooks}/x/deliveries?limit=abc`, undefined],
      ['PATCH', `${hooks}/x`, { url: null }],
      ['POST', `${slot}/restore?id=${long}`, undefined],
      ['POST', `${slot}/restore?id=nope`, undefined],
      ['POST', `${slot}/rotation`, { graceSeconds: 'x' }],
      ['POST', `${slot}/rotation`, { graceSeconds: -1 }],
      ['POST', `${slot}/rotation`, { graceSeconds: 1e308 }],
      ['POST', `${slot}/rotation`, []],
      ['GET', `/btp/v1/binding_certificates?subaccount_id=${long}`, undefined],
      ['GET', '/btp/v1/binding_certificates?subaccount_id=nope', undefined],
      ['GET', `/lm/v1/tenants/${long}/webhooks`, undefined],
      ['GET', `${slot}/blast-radius`, undefined],
      ['POST', `${slot}/rotation/promote`, { x: 1 }],
      ['POST', `${slot}/rotation/cancel`, undefined],
      ['PATCH', `${hooks}/x`, { events: [1, 2] }],
      ['PATCH', `${hooks}/x`, { enabled: 'yes' }],
      ['POST', `${hooks}/x/test`, undefined],
      ['DELETE', `${hooks}/x`, undefined],
      ['GET', `/btp/v1/binding_certificates?service_binding_id=${long}`, undefined],
    ];
    for (const [method, path, body] of cases) {
      const res = await t.http.call(method, path, { cookie, ...(body !== undefined ? { body } : {}) });
      assert.ok(res.status >= 400 && res.status < 500, `${method} ${path.slice(0, 80)}: ${res.status} ${res.text}`);
      assert.equal(typeof res.json().error?.code, 'string', res.text);
      assert.ok(!/\bat .+\.(ts|js):\d+/.test(res.text), `no stack trace: ${res.text}`);
    }
    // no subscription was made by any of them
    assert.deepEqual((await t.http.call('GET', hooks, { cookie })).json().items, []);
  });
}
