/**
 * An error's `requestId` finds the audit records its request wrote, and a change's `x-request-id` finds the
 * records of that change: refusals (a role's 403, a refused upload, an anonymous failed sign-in), changes by
 * a person, and a record written by a listener of the BTP event during the request (actor "system").
 * Records written outside a request (the first signing key at start-up) have none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { signIn, startTestServer, type HttpResponse, type TestServer } from './support/server.js';
import { ADMIN_PASSWORD, btpKey, emptyTenant, uploadRaw, userWithRoles } from './support/landscape.js';

async function recordsOf(t: TestServer, requestId: string) {
  assert.match(requestId, /^[0-9a-f-]{36}$/, 'the answer names its request');
  const rows = await t.server.store.db
    .selectFrom('audit_events')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => `${r.action} ${r.outcome}`);
}

const errorRequestId = (res: HttpResponse) => res.json().error.requestId as string;
const headerRequestId = (res: HttpResponse) => res.headers['x-request-id'] as string;

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: audit records carry the id of the request that wrote them`, async () => {
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false },
    });
    try {
      const admin = await signIn(t.http, 'admin', ADMIN_PASSWORD);
      const tenant = await emptyTenant(t, admin);

      // a successful change: its answer's x-request-id finds its record, and only its record
      const created = await t.http.call('POST', '/access/v1/users', {
        cookie: tenant.cookie,
        body: { username: 'viewer', password: 'user-password-123' },
      });
      assert.equal(created.status, 201, created.text);
      assert.deepEqual(await recordsOf(t, headerRequestId(created)), ['access.user.created success']);

      // a refusal by role: the 403 body's requestId finds the audited denial
      const viewer = await userWithRoles(t, tenant.cookie, 'sec-viewer', [
        { role: 'x_landscape_SecurityViewer', scopeId: tenant.tenantId },
      ]);
      const forbidden = await uploadRaw(t, viewer, tenant.tenantId, '{}');
      assert.equal(forbidden.status, 403, forbidden.text);
      assert.equal(headerRequestId(forbidden), errorRequestId(forbidden));
      assert.deepEqual(await recordsOf(t, errorRequestId(forbidden)), ['access.denied denied']);
      const viaApi = await t.http.call('GET', `/audit/v1/events?requestId=${errorRequestId(forbidden)}`, {
        cookie: tenant.cookie,
      });
      assert.equal(viaApi.status, 200, viaApi.text);
      assert.deepEqual(
        viaApi
          .json()
          .events.map((e: { action: string; requestId: string; actor: { name: string } }) => [
            e.action,
            e.requestId,
            e.actor.name,
          ]),
        [['access.denied', errorRequestId(forbidden), 'sec-viewer']],
      );

      // a refused upload (read after authorization, so the body parser ran in between)
      const refused = await uploadRaw(t, tenant.cookie, tenant.tenantId, 'not json');
      assert.equal(refused.status, 400, refused.text);
      assert.deepEqual(await recordsOf(t, errorRequestId(refused)), ['lm.service_key.upload_refused failure']);

      // an anonymous refusal: no actor carries the id, the request does
      const failedLogin = await t.http.call('POST', '/auth/v1/login', {
        body: { username: 'admin', password: 'wrong-password' },
      });
      assert.equal(failedLogin.status, 401, failedLogin.text);
      assert.deepEqual(await recordsOf(t, errorRequestId(failedLogin)), ['access.login.failed failure']);

      // a record written by a listener of the BTP event, inside the deleting request
      const key = await btpKey(t, tenant.cookie, tenant.subaccountId);
      assert.equal((await uploadRaw(t, tenant.cookie, tenant.tenantId, key.keyText)).status, 201);
      const deleted = await t.http.call('DELETE', `/v1/service_bindings/${key.bindingId}?async=false`, {
        cookie: tenant.cookie,
      });
      assert.ok(deleted.status < 300, deleted.text);
      assert.deepEqual(await recordsOf(t, headerRequestId(deleted)), [
        'btp.service_binding.deleted success',
        'lm.service_key.deleted_in_btp success',
      ]);

      // concurrent requests keep their own ids
      const many = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          t.http.call('POST', '/access/v1/users', {
            cookie: tenant.cookie,
            body: { username: `parallel-${i}`, password: 'user-password-123' },
          }),
        ),
      );
      for (const res of many) {
        assert.equal(res.status, 201, res.text);
        const rows = await t.server.store.db
          .selectFrom('audit_events')
          .select(['target_id', 'details'])
          .where('request_id', '=', headerRequestId(res))
          .execute();
        assert.equal(rows.length, 1);
        assert.equal(
          (JSON.parse(rows[0]!.details) as { username: string }).username,
          (JSON.parse(res.text) as { username: string }).username,
        );
      }

      // written outside any request: none
      const startUp = await t.server.store.db
        .selectFrom('audit_events')
        .select('request_id')
        .where('action', '=', 'xsuaa.signing_key.created')
        .execute();
      assert.deepEqual(startUp, [{ request_id: null }]);
    } finally {
      await t.close();
    }
  });
}
