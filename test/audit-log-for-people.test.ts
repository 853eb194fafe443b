/**
 * The audit log as people read it (issue 19): page views of the service key are not recorded as reads of a
 * secret (only reveal and download are), events carry the tenant's name, `from`/`to` bound the time, `action`
 * takes several actions, `/audit/v1/tenants` names the tenants to filter by, and a bad time is a 400 naming it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { startTestServer, type TestServer } from './support/server.js';
import { ADMIN_PASSWORD, btpKey, emptyTenant, slotPath, uploadRaw, userWithRoles } from './support/landscape.js';
import { signIn } from './support/server.js';

interface Event {
  action: string;
  at: string;
  tenantId: string | null;
  tenantName: string | null;
}

async function events(t: TestServer, cookie: string, query: string): Promise<Event[]> {
  const res = await t.http.call('GET', `/audit/v1/events?${query}`, { cookie });
  assert.equal(res.status, 200, res.text);
  return res.json().events as Event[];
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: the audit log for people: no page views as secret reads, names, time range, several actions`, async () => {
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false },
    });
    try {
      const admin = await signIn(t.http, 'admin', ADMIN_PASSWORD);
      const tenant = await emptyTenant(t, admin);
      const key = await btpKey(t, tenant.cookie, tenant.subaccountId);
      assert.equal((await uploadRaw(t, tenant.cookie, tenant.tenantId, key.keyText)).status, 201);
      const ofTenant = `tenantId=${tenant.tenantId}`;

      // the page loads the masked slot and its Test history on every visit: none of it is audited
      const before = (await events(t, tenant.cookie, ofTenant)).length;
      for (let i = 0; i < 3; i += 1) {
        assert.equal((await t.http.call('GET', slotPath(tenant.tenantId), { cookie: tenant.cookie })).status, 200);
        const history = await t.http.call('GET', `${slotPath(tenant.tenantId)}/tests`, { cookie: tenant.cookie });
        assert.equal(history.status, 200, history.text);
      }
      const afterViews = await events(t, tenant.cookie, ofTenant);
      assert.equal(afterViews.length, before, 'page views wrote no audit record');
      assert.ok(!afterViews.some((e) => e.action === 'lm.service_key.viewed'));

      // the explicit reads of the secret are recorded
      const revealed = await t.http.call('POST', `${slotPath(tenant.tenantId)}/reveal`, { cookie: tenant.cookie });
      assert.equal(revealed.status, 200, revealed.text);
      const downloaded = await t.http.call('GET', `${slotPath(tenant.tenantId)}/download`, { cookie: tenant.cookie });
      assert.equal(downloaded.status, 200, downloaded.text);
      const reads = await events(
        t,
        tenant.cookie,
        `${ofTenant}&action=lm.service_key.revealed,lm.service_key.downloaded`,
      );
      assert.deepEqual(
        reads.map((e) => e.action),
        ['lm.service_key.downloaded', 'lm.service_key.revealed'],
        'several actions at once, newest first',
      );

      // the tenant's name comes with each of its events; /audit/v1/tenants lists it for the filter
      const subaccount = await t.http.call('GET', `/btp/v1/subaccounts/${tenant.subaccountId}`, {
        cookie: tenant.cookie,
      });
      assert.equal(subaccount.status, 200, subaccount.text);
      const tenants = await t.http.call('GET', '/audit/v1/tenants', { cookie: tenant.cookie });
      assert.equal(tenants.status, 200, tenants.text);
      const listed = (tenants.json().tenants as { id: string; name: string }[]).find((x) => x.id === tenant.tenantId);
      assert.ok(listed && listed.name.length > 0, 'the tenant is listed with a name');
      assert.ok(reads.every((e) => e.tenantName === listed.name));
      const login = (await events(t, tenant.cookie, 'action=access.login.succeeded&limit=1'))[0]!;
      assert.equal(login.tenantName, null, 'an event without a tenant has no tenant name');

      // from/to: at or after `from`, before `to`
      const all = await events(t, tenant.cookie, `${ofTenant}&limit=1000`);
      const oldest = all.at(-1)!;
      const newest = all[0]!;
      assert.ok(all.length >= 3);
      const fromNewest = await events(t, tenant.cookie, `${ofTenant}&from=${encodeURIComponent(newest.at)}`);
      assert.ok(fromNewest.length >= 1 && fromNewest.every((e) => e.at >= newest.at));
      const toOldest = await events(t, tenant.cookie, `${ofTenant}&to=${encodeURIComponent(oldest.at)}`);
      assert.equal(toOldest.length, 0, '`to` is exclusive');
      // a time in another zone's notation is compared as the instant it names: half an hour before the newest
      // event, written in +01:00, reads later than the stored UTC text but is earlier
      const halfHourBefore = new Date(Date.parse(newest.at) - 1_800_000 + 3_600_000).toISOString().slice(0, 19);
      const inPlusOne = await events(
        t,
        tenant.cookie,
        `${ofTenant}&from=${encodeURIComponent(`${halfHourBefore}+01:00`)}`,
      );
      assert.ok(
        inPlusOne.some((e) => e.at === newest.at),
        'the zone of `from` is honoured',
      );
      const future = await events(
        t,
        tenant.cookie,
        `${ofTenant}&from=${encodeURIComponent('2999-01-01T00:00:00+01:00')}`,
      );
      assert.equal(future.length, 0);
      const wide = await events(
        t,
        tenant.cookie,
        `${ofTenant}&from=${encodeURIComponent('2000-01-01T00:00:00+01:00')}&to=${encodeURIComponent('2999-01-01T00:00:00Z')}&limit=1000`,
      );
      assert.equal(wide.length, all.length);

      const bad = await t.http.call('GET', '/audit/v1/events?from=yesterday', { cookie: tenant.cookie });
      assert.equal(bad.status, 400, bad.text);
      assert.equal(bad.json().error.code, 'audit.bad_time');
      assert.match(bad.json().error.message, /^from: /);

      // the tenant list is for the same administrators as the log
      const viewer = await userWithRoles(t, tenant.cookie, 'lm-viewer', [
        { role: 'x_landscape_SecurityViewer', scopeId: tenant.tenantId },
      ]);
      assert.equal((await t.http.call('GET', '/audit/v1/tenants', { cookie: viewer })).status, 403);
    } finally {
      await t.close();
    }
  });
}
