/**
 * The blast radius of the slot's key and the recovery window (issue 17), on the real server over HTTPS, on SQLite
 * and PostgreSQL: a managed service pushes with the key, the blast radius names it with the time, the last token
 * and the client address; a delete of that recently used key is refused (409 lm.key_recently_used) unless
 * confirmed; calm-keys' own Test does not count as use; the deleted key is listed without its secret and restores
 * (into an empty slot only) to the same bytes; a Security Viewer sees but cannot delete or restore; another
 * tenant's caller gets 404.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { startTestServer } from './support/server.js';
import {
  ADMIN_PASSWORD,
  btpKey,
  monitoredObject,
  otlpGauges,
  slotPath,
  tokenFor,
  uploadRaw,
  userWithRoles,
} from './support/landscape.js';

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: blast radius, confirmed delete, Recently deleted and restore`, async () => {
    const t = await startTestServer({ database: kind.name, env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
    try {
      const made = await monitoredObject(t, { kind: 'service', name: 'Billing service', objectType: 'SAP BTP App' });
      const { tenant, objectId } = made;
      const cookie = made.cookie;
      const slot = slotPath(tenant.tenantId);
      const key = await btpKey(t, cookie, tenant.subaccountId, undefined, ['metrics.write', 'hm.write']);
      assert.equal((await uploadRaw(t, cookie, tenant.tenantId, key.keyText)).status, 201);

      // nobody used it yet: the delete would need no confirmation
      const unused = await t.http.call('GET', `${slot}/blast-radius`, { cookie });
      assert.equal(unused.status, 200, unused.text);
      assert.deepEqual(unused.json().pushes, []);
      assert.deepEqual(unused.json().calls, []);
      assert.equal(unused.json().needsConfirmation, false);

      // a managed service fetches a token and pushes with the key
      const before = new Date().toISOString();
      const pushed = await t.http.call('POST', `/api/calm-metrics/v1/metrics?serviceId=${objectId}`, {
        token: await tokenFor(t, key.keyText),
        body: otlpGauges([{ name: 'cpu', value: 1 }]),
      });
      assert.equal(pushed.status, 200, pushed.text);

      const radius = await t.http.call('GET', `${slot}/blast-radius`, { cookie });
      assert.equal(radius.status, 200, radius.text);
      const body = radius.json();
      const clientId = JSON.parse(key.keyText).uaa.clientid as string;
      assert.equal(body.clientId, clientId);
      assert.equal(body.pushes.length, 1);
      assert.equal(body.pushes[0].name, 'Billing service');
      assert.equal(body.pushes[0].objectId, objectId);
      assert.ok(body.pushes[0].at >= before.slice(0, 19), `push time ${body.pushes[0].at} after ${before}`);
      assert.ok(body.lastTokenAt && body.lastTokenAt >= before.slice(0, 19), `last token ${body.lastTokenAt}`);
      assert.equal(body.calls.length, 1, JSON.stringify(body.calls));
      assert.match(body.calls[0].address, /127\.0\.0\.1|::1/);
      assert.equal(body.calls[0].tokenRequests, 1);
      assert.equal(body.calls[0].apiCalls, 1);
      assert.equal(body.calls[0].testCalls, 0);
      assert.equal(body.needsConfirmation, true);
      assert.ok(['push', 'api', 'token'].includes(body.recentUse.via));
      assert.ok(!radius.text.includes(key.secret), 'no secret in the blast radius');

      // the counts reach the database within the flush interval (5 s), with no write per request before
      const stored = async () =>
        t.server.store.db.selectFrom('lm_client_calls').selectAll().where('client_id', '=', clientId).execute();
      const deadline = Date.now() + 10_000;
      while ((await stored()).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      assert.deepEqual((await stored()).map((r) => [r.kind, Number(r.calls)]).sort(), [
        ['api', 1],
        ['token', 1],
      ]);

      // a Security Viewer sees the blast radius and the list, and may neither delete nor restore
      const viewer = await userWithRoles(t, cookie, 'br-viewer', [
        { role: 'x_landscape_SecurityViewer', scopeId: tenant.tenantId },
      ]);
      assert.equal((await t.http.call('GET', `${slot}/blast-radius`, { cookie: viewer })).status, 200);
      assert.equal((await t.http.call('GET', `${slot}/deleted`, { cookie: viewer })).status, 200);
      const viewerDelete = await t.http.call('DELETE', `${slot}?confirm=recently-used`, { cookie: viewer });
      assert.equal(viewerDelete.status, 403, viewerDelete.text);
      // someone without a role in the tenant learns nothing: 404
      const stranger = await userWithRoles(t, cookie, 'br-stranger', []);
      for (const [method, path] of [
        ['GET', `${slot}/blast-radius`],
        ['GET', `${slot}/deleted`],
        ['POST', `${slot}/restore`],
      ] as const) {
        const res = await t.http.call(method, path, { cookie: stranger });
        assert.equal(res.status, 404, `${method} ${path}: ${res.text}`);
        assert.equal(res.json().error.code, 'lm.tenant.not_found');
      }

      // the recently used key is not deleted without the confirmation
      const refused = await t.http.call('DELETE', slot, { cookie });
      assert.equal(refused.status, 409, refused.text);
      assert.equal(refused.json().error.code, 'lm.key_recently_used');
      assert.match(refused.json().error.message, /confirm=recently-used/);
      assert.equal((await t.http.call('GET', slot, { cookie })).json().slot, 'filled');
      assert.equal((await t.http.call('DELETE', `${slot}?confirm=yes`, { cookie })).status, 400);
      const deleted = await t.http.call('DELETE', `${slot}?confirm=recently-used`, { cookie });
      assert.equal(deleted.status, 204, deleted.text);

      // Recently deleted: listed without its secret
      const list = await t.http.call('GET', `${slot}/deleted`, { cookie });
      assert.equal(list.status, 200, list.text);
      assert.equal(list.json().num_items, 1);
      assert.equal(list.json().retentionDays, 7);
      const gone = list.json().items[0];
      assert.equal(gone.clientId, clientId);
      assert.equal(gone.deletedBy, 'admin');
      assert.ok(Date.parse(gone.purgeAfter) - Date.parse(gone.deletedAt) === 7 * 86_400_000);
      assert.ok(!list.text.includes(key.secret), 'no secret in the list');

      // a second key, tested by calm-keys only: the Test's calls are shown but do not count as use
      const other = await btpKey(t, cookie, tenant.subaccountId);
      assert.equal((await uploadRaw(t, cookie, tenant.tenantId, other.keyText)).status, 201);
      const tested = await t.http.call('POST', `${slot}/test`, { cookie });
      assert.equal(tested.status, 200, tested.text);
      const afterTest = (await t.http.call('GET', `${slot}/blast-radius`, { cookie })).json();
      assert.ok(afterTest.calls.length > 0 && afterTest.calls[0].testCalls > 0, JSON.stringify(afterTest.calls));
      assert.equal(afterTest.calls[0].tokenRequests + afterTest.calls[0].apiCalls, 0);
      assert.equal(afterTest.needsConfirmation, false);

      // restore into a full slot: 409; the Viewer: 403
      const full = await t.http.call('POST', `${slot}/restore?id=${gone.id}`, { cookie });
      assert.equal(full.status, 409, full.text);
      assert.equal(full.json().error.code, 'lm.slot_full');
      assert.equal((await t.http.call('POST', `${slot}/restore`, { cookie: viewer })).status, 403);
      // only tested: deleted without a confirmation
      assert.equal((await t.http.call('DELETE', slot, { cookie })).status, 204);
      assert.equal((await t.http.call('GET', `${slot}/deleted`, { cookie })).json().num_items, 2);

      // restore the first key: the same bytes download again, and it is out of the list
      const restored = await t.http.call('POST', `${slot}/restore?id=${gone.id}`, { cookie });
      assert.equal(restored.status, 200, restored.text);
      assert.equal(restored.json().id, gone.id);
      const download = await t.http.call('GET', `${slot}/download`, { cookie });
      assert.equal(download.status, 200);
      assert.equal(download.text, key.keyText);
      const remaining = (await t.http.call('GET', `${slot}/deleted`, { cookie })).json();
      assert.deepEqual(
        remaining.items.map((i: { clientId: string }) => i.clientId),
        [JSON.parse(other.keyText).uaa.clientid],
      );
      // restored already: no longer recoverable; the other one (the newest) does not fit the full slot
      const twice = await t.http.call('POST', `${slot}/restore?id=${gone.id}`, { cookie });
      assert.equal(twice.status, 404, twice.text);
      assert.equal(twice.json().error.code, 'lm.deleted_key.not_found');
      assert.equal((await t.http.call('POST', `${slot}/restore`, { cookie })).json().error.code, 'lm.slot_full');

      // audited: the refusal, the confirmed delete and the restore
      const audit = await t.http.call('GET', `/audit/v1/events?tenantId=${tenant.tenantId}&limit=200`, { cookie });
      assert.equal(audit.status, 200, audit.text);
      const actions = (audit.json().events as { action: string; details: Record<string, unknown> }[]).map(
        (e) => e.action,
      );
      for (const action of [
        'lm.service_key.delete_refused',
        'lm.service_key.deleted',
        'lm.service_key.restored',
        'lm.service_key.blast_radius_viewed',
      ])
        assert.ok(actions.includes(action), `${action} in ${actions.join(', ')}`);
      assert.ok(
        actions.filter((a) => a === 'access.denied').length >= 2,
        'the Viewer refusals are audited as access.denied',
      );
    } finally {
      await t.close();
    }
  });
}
