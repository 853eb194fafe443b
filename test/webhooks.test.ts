/**
 * Webhooks on the real server (issue 17), on SQLite and PostgreSQL, with a loopback receiver on 127.0.0.1
 * (allowed through CALM_KEYS_EGRESS_ALLOW, as an operator would): a subscription shows its secret once; an
 * upload is delivered as key.uploaded, signed the Standard Webhooks way; a 500 is retried (fast here through
 * CALM_KEYS_WEBHOOK_RETRY_BASE_MS) and the log shows both attempts; the roles and the tenants are enforced; the
 * secret is in no list, get, audit record or log line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { signIn, startTestServer } from './support/server.js';
import { receiver, until, verify, type Received } from './support/webhooks.js';
import { ADMIN_PASSWORD, btpKey, emptyTenant, slotPath, uploadRaw, userWithRoles } from './support/landscape.js';

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: a key upload is delivered signed, a 500 retried, roles and tenants enforced, no secret leaks`, async () => {
    const hook = await receiver([500]);
    const t = await startTestServer({
      database: kind.name,
      env: {
        CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD,
        CALM_KEYS_EGRESS_ALLOW: '127.0.0.1:*',
        CALM_KEYS_WEBHOOK_RETRY_BASE_MS: '100',
      },
      start: { demo: false },
    });
    try {
      const admin = await signIn(t.http, 'admin', ADMIN_PASSWORD);
      const tenant = await emptyTenant(t, admin);
      const other = await emptyTenant(t, tenant.cookie);
      const cookie = other.cookie; // the admin, now Security Administrator of both
      const base = `/lm/v1/tenants/${tenant.tenantId}/webhooks`;

      // bad input answers 400 naming the problem, never a 500
      for (const [body, code] of [
        [{ url: 'ftp://127.0.0.1/x' }, 'lm.webhook.bad_url'],
        [{ url: 'not a url' }, 'lm.webhook.bad_url'],
        [{ url: 'http://user:pw@127.0.0.1:9/x' }, 'lm.webhook.bad_url'],
        [{ url: 'https://example.com/hook' }, 'lm.webhook.url_not_allowed'],
        [{ url: hook.url, events: ['key.nope'] }, 'lm.webhook.unknown_event'],
      ] as const) {
        const res = await t.http.call('POST', base, { cookie, body });
        assert.equal(res.status, 400, res.text);
        assert.equal(res.json().error.code, code);
      }

      const created = await t.http.call('POST', base, {
        cookie,
        body: { url: hook.url, events: ['key.uploaded', 'key.deleted'] },
      });
      assert.equal(created.status, 201, created.text);
      const secret = created.json().secret as string;
      const webhookId = created.json().webhook.id as string;
      assert.match(secret, /^whsec_[A-Za-z0-9+/]+=*$/);
      assert.ok(Buffer.from(secret.slice(6), 'base64').length >= 24);
      assert.equal(created.headers['cache-control'], 'no-store');

      // the upload is announced as key.uploaded; the first answer is 500, so it comes twice
      const { keyText, secret: clientSecret, bindingId } = await btpKey(t, cookie, tenant.subaccountId);
      const uploaded = await uploadRaw(t, cookie, tenant.tenantId, keyText);
      assert.equal(uploaded.status, 201, uploaded.text);
      await until('the retry after the 500', () => (hook.received.length >= 2 ? true : undefined));
      const [first, second] = hook.received as [Received, Received];
      assert.equal(first.headers['webhook-id'], second.headers['webhook-id'], 'one message id across retries');
      for (const message of [first, second]) {
        const payload = verify(secret, message) as { type: string; timestamp: string; data: any };
        assert.equal(payload.type, 'key.uploaded');
        assert.equal(payload.data.tenantId, tenant.tenantId);
        assert.equal(payload.data.source, 'upload');
        assert.equal(typeof payload.timestamp, 'string');
        assert.equal(message.headers['content-type'], 'application/json');
        assert.ok(!message.body.includes(clientSecret) && !message.body.includes('whsec_'), 'no secret in the payload');
      }
      // a wrong secret does not verify
      await assert.rejects(async () => verify(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, first));

      // the delivery log shows both attempts, newest first
      const log = await until('the log of both attempts', async () => {
        const res = await t.http.call('GET', `${base}/${webhookId}/deliveries`, { cookie });
        assert.equal(res.status, 200, res.text);
        return res.json().items.length >= 2 ? res.json() : undefined;
      });
      assert.deepEqual(
        log.items.map((i: any) => [i.eventType, i.attempt, i.statusCode, i.deliveryStatus]),
        [
          ['key.uploaded', 2, 204, 'delivered'],
          ['key.uploaded', 1, 500, 'delivered'],
        ],
      );
      assert.match(log.items[1].error, /HTTP 500/);

      // a subscription to every event hears the BTP deletion of the key's binding: deleted in BTP, turned red
      const all = await t.http.call('POST', base, { cookie, body: { url: `${hook.url}/all` } });
      assert.equal(all.status, 201, all.text);
      assert.deepEqual(all.json().webhook.events, []);
      const inBtp = await t.http.call('DELETE', `/v1/service_bindings/${bindingId}?async=false`, { cookie });
      assert.ok(inBtp.status === 200 || inBtp.status === 204, inBtp.text);
      const heard = (type: string) =>
        hook.received.find((m) => m.path.endsWith('/all') && JSON.parse(m.body).type === type);
      const [deletedInBtp, turnedRed] = await until('key.deleted_in_btp and key.turned_red', () =>
        heard('key.deleted_in_btp') && heard('key.turned_red')
          ? [heard('key.deleted_in_btp')!, heard('key.turned_red')!]
          : undefined,
      );
      const allSecret = all.json().secret as string;
      assert.equal((verify(allSecret, deletedInBtp) as any).data.tenantId, tenant.tenantId);
      assert.equal((verify(allSecret, turnedRed) as any).data.previousStatus, 'unknown');
      await assert.rejects(async () => verify(secret, deletedInBtp), 'each subscription has its own secret');
      assert.ok(
        !hook.received.some((m) => !m.path.endsWith('/all') && JSON.parse(m.body).type === 'key.deleted_in_btp'),
        'the filtered subscription does not get events it did not ask for',
      );

      // Send test event: webhook.test, signed too
      const sent = await t.http.call('POST', `${base}/${webhookId}/test`, { cookie });
      assert.equal(sent.status, 202, sent.text);
      const testMessage = await until('the test event', () =>
        hook.received.find((m) => !m.path.endsWith('/all') && JSON.parse(m.body).type === 'webhook.test'),
      );
      assert.equal((verify(secret, testMessage) as any).data.webhookId, webhookId);

      // an event the subscription did not ask for is not sent; a delete is (key.deleted)
      const deleted = await t.http.call('DELETE', slotPath(tenant.tenantId), { cookie });
      assert.equal(deleted.status, 204, deleted.text);
      const deletion = await until('key.deleted', () =>
        hook.received.find((m) => !m.path.endsWith('/all') && JSON.parse(m.body).type === 'key.deleted'),
      );
      assert.equal((verify(secret, deletion) as any).data.tenantId, tenant.tenantId);

      // roles: the Security Viewer sees, cannot act
      const viewer = await userWithRoles(t, cookie, 'webhook-viewer', [
        { role: 'x_landscape_SecurityViewer', scopeId: tenant.tenantId },
      ]);
      const seen = await t.http.call('GET', base, { cookie: viewer });
      assert.equal(seen.status, 200, seen.text);
      assert.equal(seen.json().actions.manage, false);
      assert.equal(seen.json().items.length, 2);
      // a viewer sees where the events go, not the receiver's path or query (they may carry its own credential)
      const origin = new URL(hook.url).origin;
      assert.deepEqual(
        seen.json().items.map((w: { url: string }) => w.url),
        [`${origin}/…`, `${origin}/…`],
      );
      assert.equal((await t.http.call('GET', `${base}/${webhookId}`, { cookie: viewer })).json().url, `${origin}/…`);
      assert.equal((await t.http.call('GET', `${base}/${webhookId}`, { cookie })).json().url, hook.url);
      assert.equal((await t.http.call('GET', `${base}/${webhookId}/deliveries`, { cookie: viewer })).status, 200);
      for (const [method, path, body] of [
        ['POST', base, { url: hook.url }],
        ['POST', `${base}/${webhookId}/test`, undefined],
        ['PATCH', `${base}/${webhookId}`, { enabled: false }],
        ['DELETE', `${base}/${webhookId}`, undefined],
      ] as const) {
        const res = await t.http.call(method, path, { cookie: viewer, ...(body ? { body } : {}) });
        assert.equal(res.status, 403, `${method} ${path}: ${res.text}`);
      }
      // another role of the tenant (no key role) is refused viewing too
      const landscapeViewer = await userWithRoles(t, cookie, 'webhook-lv', [
        { role: 'x_landscape_Viewer', scopeId: tenant.tenantId },
      ]);
      assert.equal((await t.http.call('GET', base, { cookie: landscapeViewer })).status, 403);

      // tenants apart: the administrator of another tenant gets 404, and the webhook is not found through another tenant
      const otherAdmin = await userWithRoles(t, cookie, 'webhook-other', [
        { role: 'x_landscape_SecurityAdministrator', scopeId: other.tenantId },
      ]);
      for (const path of [base, `${base}/${webhookId}`, `${base}/${webhookId}/deliveries`]) {
        const res = await t.http.call('GET', path, { cookie: otherAdmin });
        assert.equal(res.status, 404, res.text);
        assert.equal(res.json().error.code, 'lm.tenant.not_found');
      }
      const crossed = await t.http.call('GET', `/lm/v1/tenants/${other.tenantId}/webhooks/${webhookId}`, { cookie });
      assert.equal(crossed.status, 404, crossed.text);
      assert.equal(crossed.json().error.code, 'lm.webhook.not_found');

      // enable/disable
      const disabled = await t.http.call('PATCH', `${base}/${webhookId}`, { cookie, body: { enabled: false } });
      assert.equal(disabled.status, 200, disabled.text);
      assert.equal(disabled.json().enabled, false);
      assert.equal(
        (await t.http.call('POST', `${base}/${webhookId}/test`, { cookie })).json().error.code,
        'lm.webhook.disabled',
      );

      // the secret is in no answer but the creation's, in no audit record and no log line
      const listed = await t.http.call('GET', base, { cookie });
      const one = await t.http.call('GET', `${base}/${webhookId}`, { cookie });
      const audit = await t.http.call('GET', `/audit/v1/events?tenantId=${tenant.tenantId}&limit=1000`, { cookie });
      assert.equal(audit.status, 200, audit.text);
      const actions = audit.json().events.map((e: { action: string }) => e.action);
      for (const action of ['lm.webhook.created', 'lm.webhook.test_sent', 'lm.webhook.changed'])
        assert.ok(actions.includes(action), `${action} audited`);
      const encoded = secret.slice(6);
      for (const [where, text] of [
        ['list', listed.text],
        ['get', one.text],
        ['audit', audit.text],
        ['log', t.logs.join('\n')],
      ] as const)
        assert.ok(
          !text.includes(encoded) && !text.includes(allSecret.slice(6)) && !text.includes('whsec_'),
          `no secret in the ${where}`,
        );

      // delete: gone, with its log
      assert.equal((await t.http.call('DELETE', `${base}/${webhookId}`, { cookie })).status, 204);
      const gone = await t.http.call('GET', `${base}/${webhookId}`, { cookie });
      assert.equal(gone.status, 404);
      assert.equal(gone.json().error.code, 'lm.webhook.not_found');
      const auditAfter = await t.http.call('GET', `/audit/v1/events?action=lm.webhook.deleted`, { cookie });
      assert.equal(auditAfter.json().events.length, 1);
    } finally {
      await t.close();
      await hook.close();
    }
  });
}
