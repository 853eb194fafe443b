/**
 * Who sees what through the Service Manager API (`/v1`), on the real server, SQLite and PostgreSQL: a
 * service-manager key of subaccount A cannot see or touch subaccount B's instances; a `container` plan's key
 * sees only what it created; a person with two subaccounts says where a create goes; an invalid token is 401
 * in SAP's shape.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { signIn, startTestServer } from './support/server.js';
import { ADMIN_PASSWORD, emptyTenant } from './support/landscape.js';
import { asPerson, q, serviceManagerKey } from './support/sm-v1.js';

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: subaccounts and container plans keep their instances apart`, async () => {
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false },
    });
    try {
      const a = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
      const b = await emptyTenant(t, a.cookie);
      const person = asPerson(t, b.cookie); // the admin administers both subaccounts now
      const { call: sm, instanceId: smInstanceId } = await serviceManagerKey(
        t,
        person,
        a.subaccountId,
        'subaccount-admin',
        'sm',
      );
      const planId = (await sm('GET', `/v1/service_plans?fieldQuery=${q("catalog_name eq 'standard'")}`)).json()
        .items[0].id as string;

      // isolation: subaccount B's instance is invisible and untouchable with A's key
      const other = await person('POST', `/v1/service_instances?async=false&subaccount_id=${b.subaccountId}`, {
        name: 'b-only',
        service_plan_id: planId,
      });
      assert.equal(other.status, 201, other.text);
      const otherId = other.json().id as string;
      assert.equal((await sm('GET', `/v1/service_instances/${otherId}`)).status, 404);
      assert.equal((await sm('DELETE', `/v1/service_instances/${otherId}`)).status, 404);
      assert.equal((await sm('PATCH', `/v1/service_instances/${otherId}`, { name: 'x' })).status, 404);
      const foreignBind = await sm('POST', '/v1/service_bindings', { name: 'steal', service_instance_id: otherId });
      assert.equal(foreignBind.status, 404, foreignBind.text);
      assert.equal((await sm('GET', `/v1/service_instances?subaccount_id=${b.subaccountId}`)).status, 404);
      const listed = (await sm('GET', '/v1/service_instances')).json().items.map((i: { id: string }) => i.id);
      assert.ok(!listed.includes(otherId));
      assert.equal((await person('GET', `/v1/service_instances/${otherId}`)).status, 200, 'the person sees both');

      // a person with two subaccounts must say where a create goes
      const where = await person('POST', '/v1/service_instances', { name: 'x', service_plan_id: planId });
      assert.equal(where.status, 400, where.text);
      assert.equal(where.json().code, 'btp.sm_subaccount_required');

      // a container plan's key sees what it created only; the subaccount-admin key sees that too
      const { call: asContainer } = await serviceManagerKey(t, person, a.subaccountId, 'container', 'container');
      assert.equal((await asContainer('GET', '/v1/service_instances')).json().num_items, 0);
      const own = await asContainer('POST', '/v1/service_instances?async=false', {
        name: 'own',
        service_plan_id: planId,
      });
      assert.equal(own.status, 201, own.text);
      const seenByContainer = (await asContainer('GET', '/v1/service_instances')).json().items;
      assert.deepEqual(
        seenByContainer.map((i: { name: string }) => i.name),
        ['own'],
      );
      assert.equal((await asContainer('GET', `/v1/service_instances/${smInstanceId}`)).status, 404);
      const seenByAdmin = (await sm('GET', '/v1/service_instances')).json().items.map((i: { name: string }) => i.name);
      assert.ok(seenByAdmin.includes('own') && seenByAdmin.includes('sm'), seenByAdmin.join());

      // no valid token: 401 in SAP's shape
      const garbage = await t.http.call('GET', '/v1/service_instances', { token: 'not.a.jwt' });
      assert.equal(garbage.status, 401, garbage.text);
      assert.equal(garbage.json().error, 'Unauthorized');
    } finally {
      await t.close();
    }
  });
}
