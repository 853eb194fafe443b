/**
 * No service-manager key climbs to a stronger plan through `/v1`, on the real server, SQLite and PostgreSQL:
 * a key that may only read bindings (subaccount-audit) gets no `credentials`; a key not of subaccount-admin
 * gets no service-manager binding's credentials, cannot bind a service-manager instance nor create one (403
 * `btp.sm_service_manager_admin_only`), and is not offered the service-manager plans.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { signIn, startTestServer } from './support/server.js';
import { ADMIN_PASSWORD, emptyTenant } from './support/landscape.js';
import { asPerson, q, serviceManagerKey, type Call } from './support/sm-v1.js';

const ADMIN_ONLY = 'btp.sm_service_manager_admin_only';

const planId = async (call: Call, name: string) =>
  (await call('GET', `/v1/service_plans?fieldQuery=${q(`catalog_name eq '${name}'`)}`)).json().items[0]?.id as
    string | undefined;

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: weaker service-manager keys get no stronger key`, async () => {
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false },
    });
    try {
      const a = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
      const person = asPerson(t, a.cookie);
      const sub = a.subaccountId;
      const admin = await serviceManagerKey(t, person, sub, 'subaccount-admin', 'sm');
      const { call: audit } = await serviceManagerKey(t, person, sub, 'subaccount-audit', 'audit');
      const { call: operator } = await serviceManagerKey(t, person, sub, 'service-operator-access', 'operator');
      const { call: container } = await serviceManagerKey(t, person, sub, 'container', 'container');

      // the admin key's binding, as a reading key lists it
      const listed = (await audit('GET', '/v1/service_bindings')).json().items as {
        id: string;
        service_instance_id: string;
      }[];
      const adminBinding = listed.find((b) => b.service_instance_id === admin.instanceId)!.id;
      for (const [who, call] of [
        ['subaccount-audit', audit],
        ['service-operator-access', operator],
      ] as const) {
        const read = await call('GET', `/v1/service_bindings/${adminBinding}`);
        assert.equal(read.status, 200, read.text);
        assert.equal(read.json().credentials, undefined, `${who} reads no service-manager secret`);
        assert.ok(!read.text.includes(admin.key.clientsecret!), who);
      }
      const mine = await admin.call('GET', `/v1/service_bindings/${adminBinding}`);
      assert.equal(mine.json().credentials?.clientsecret, admin.key.clientsecret, 'subaccount-admin reads it');

      // a Cloud ALM API key: the reading key sees the binding without its secret, a managing key with it
      const standard = await person('POST', `/v1/service_instances?async=false&subaccount_id=${sub}`, {
        name: 'calm',
        service_plan_id: await planId(person, 'standard'),
      });
      assert.equal(standard.status, 201, standard.text);
      const calmKey = await person('POST', '/v1/service_bindings?async=false', {
        name: 'calm-key',
        service_instance_id: standard.json().id,
      });
      assert.equal(calmKey.status, 201, calmKey.text);
      const calmBinding = calmKey.json().id as string;
      assert.equal((await audit('GET', `/v1/service_bindings/${calmBinding}`)).json().credentials, undefined);
      assert.ok((await operator('GET', `/v1/service_bindings/${calmBinding}`)).json().credentials?.uaa);

      // binding the admin's service-manager instance is refused to the operator key
      const bind = await operator('POST', '/v1/service_bindings?async=false', {
        name: 'steal',
        service_instance_id: admin.instanceId,
      });
      assert.equal(bind.status, 403, bind.text);
      assert.equal(bind.json().code, ADMIN_ONLY);

      // a container key is not offered the service-manager plans and cannot create one
      const smPlan = (await planId(person, 'subaccount-admin'))!;
      assert.equal(await planId(container, 'subaccount-admin'), undefined);
      assert.ok(await planId(container, 'standard'));
      const offerings = (await container('GET', '/v1/service_offerings'))
        .json()
        .items.map((o: { name: string }) => o.name);
      assert.ok(!offerings.includes('service-manager'), offerings.join());
      assert.equal((await container('GET', `/v1/service_plans/${smPlan}`)).status, 404);
      for (const call of [container, operator]) {
        const escape = await call('POST', '/v1/service_instances?async=false', {
          name: 'escape',
          service_plan_id: smPlan,
        });
        assert.equal(escape.status, 403, escape.text);
        assert.equal(escape.json().code, ADMIN_ONLY);
        assert.match(escape.json().description, /subaccount-admin key/);
      }
      assert.equal((await container('GET', '/v1/service_instances')).json().num_items, 0, 'nothing was created');

      // the subaccount-admin key still may
      const more = await admin.call('POST', '/v1/service_instances?async=false', {
        name: 'sm2',
        service_plan_id: smPlan,
      });
      assert.equal(more.status, 201, more.text);
    } finally {
      await t.close();
    }
  });
}
