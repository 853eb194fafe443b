/**
 * `GET /v1/service_instances/{id}/parameters` on the real server, SQLite and PostgreSQL, as SAP Service Manager
 * answers it: a Cloud ALM API instance's parameters with the scopes and credential types its client got (also
 * for one made without parameters and for a provisioned one), `{}` for a service-manager instance, the same
 * to a service-manager key of the subaccount; 404 in SAP's error shape for an unknown id, another subaccount's
 * instance and an instance whose plan the catalog no longer has; 400 for `async=true`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { signIn, startTestServer } from './support/server.js';
import { ADMIN_PASSWORD, emptyTenant } from './support/landscape.js';
import { asPerson, q, serviceManagerKey } from './support/sm-v1.js';

const parametersOf = (id: string) => `/v1/service_instances/${id}/parameters`;

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: an instance's parameters, to people and keys of its subaccount only`, async () => {
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false },
    });
    try {
      const a = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
      const b = await emptyTenant(t, a.cookie);
      const person = asPerson(t, b.cookie); // administers both subaccounts
      const planId = (await person('GET', `/v1/service_plans?fieldQuery=${q("catalog_name eq 'standard'")}`)).json()
        .items[0].id as string;
      const create = async (subaccountId: string, name: string, parameters?: unknown) => {
        const res = await person('POST', `/v1/service_instances?async=false&subaccount_id=${subaccountId}`, {
          name,
          service_plan_id: planId,
          ...(parameters === undefined ? {} : { parameters }),
        });
        assert.equal(res.status, 201, res.text);
        return res.json().id as string;
      };

      // what it was created with, the client's scopes and credential types as given
      const xsSecurity = {
        xsappname: 'param-app',
        authorities: ['$XSMASTERAPPNAME.calm-api.metrics.write', '$XSMASTERAPPNAME.calm-api.hm.write'],
        'oauth2-configuration': { 'credential-types': ['x509', 'binding-secret'], 'token-validity': 600 },
        'tenant-mode': 'dedicated',
      };
      const given = await create(a.subaccountId, 'given', { 'xs-security': xsSecurity, other: { kept: true } });
      const read = await person('GET', parametersOf(given));
      assert.equal(read.status, 200, read.text);
      assert.deepEqual(read.json(), { 'xs-security': xsSecurity, other: { kept: true } });

      // made without parameters: XSUAA's defaults, as the client has them
      const bare = await create(a.subaccountId, 'bare');
      assert.deepEqual((await person('GET', parametersOf(bare))).json(), {
        'xs-security': { authorities: [], 'oauth2-configuration': { 'credential-types': ['binding-secret'] } },
      });

      // provisioned (a tenant of the generation era): its scope set
      const globalAccountId = (await person('GET', `/btp/v1/subaccounts/${b.subaccountId}`)).json().globalAccountId;
      const provisioned = await person('POST', '/btp/v1/subaccounts', {
        globalAccountId,
        name: 'Generated',
        subdomain: `gen-${process.pid % 10000}-${Date.now() % 100000}`,
        region: 'eu10',
      });
      assert.equal(provisioned.status, 201, provisioned.text);
      const tenant = await person('POST', `/btp/v1/subaccounts/${provisioned.json().id}/cloud_alm`, {
        provisionedOn: '2023-07-01',
      });
      assert.equal(tenant.status, 201, tenant.text);
      const generated = await person('GET', parametersOf(tenant.json().generated.instanceId));
      assert.equal(generated.status, 200, generated.text);
      const scopes = generated.json()['xs-security'].authorities as string[];
      assert.ok(scopes.includes('$XSMASTERAPPNAME.calm-api.metrics.write'), generated.text);
      assert.ok(!scopes.some((s) => s.includes('imp-cdm')), 'monitoring scopes only (provisioned before 2023-10-16)');
      assert.ok(!scopes.includes('uaa.resource'), 'what XSUAA adds is no parameter');

      // a service-manager instance takes none; its key reads the parameters of its own subaccount only
      const { call: key, instanceId: smInstance } = await serviceManagerKey(
        t,
        person,
        a.subaccountId,
        'subaccount-audit',
        'auditor',
      );
      assert.deepEqual((await person('GET', parametersOf(smInstance))).json(), {});
      const byKey = await key('GET', parametersOf(given));
      assert.equal(byKey.status, 200, byKey.text);
      assert.deepEqual(byKey.json(), read.json(), 'a read-only key reads them as a person does');
      const foreign = await create(b.subaccountId, 'foreign');
      for (const res of [
        await key('GET', parametersOf(foreign)),
        await key('GET', `${parametersOf(foreign)}?subaccount_id=${b.subaccountId}`),
        await person('GET', `${parametersOf(given)}?subaccount_id=${b.subaccountId}`),
        await person('GET', parametersOf('no-such-instance')),
      ]) {
        assert.equal(res.status, 404, res.text);
        assert.equal(res.json().error, 'NotFound', 'SAP shape');
        assert.equal(typeof res.json().description, 'string');
        assert.ok(!res.text.includes('param-app'), 'nothing of the instance leaks');
      }
      assert.equal((await key('GET', parametersOf('no-such-instance'))).json().code, 'service_instance.not_found');

      // an instance whose plan is no longer in the catalog: SAP answers 404 for the instance
      await t.server.store.db
        .updateTable('service_instances')
        .set({ plan: 'retired' })
        .where('id', '=', bare)
        .execute();
      const retired = await person('GET', parametersOf(bare));
      assert.deepEqual([retired.status, retired.json().code], [404, 'service_instance.not_found'], retired.text);

      // a read, never an operation: async=true is 400 as SAP's; async=false is the read
      const asyncRead = await person('GET', `${parametersOf(given)}?async=true`);
      assert.deepEqual([asyncRead.status, asyncRead.json().error], [400, 'BadRequest'], asyncRead.text);
      assert.equal((await person('GET', `${parametersOf(given)}?async=false`)).status, 200);

      // every offering says it answers them (SAP's 400 "not supported" is for instances_retrievable false)
      const offerings = (await person('GET', `/v1/service_offerings?subaccount_id=${a.subaccountId}`)).json();
      assert.deepEqual(
        offerings.items.map((o: { name: string; instances_retrievable: boolean }) => [o.name, o.instances_retrievable]),
        [
          ['SAPCloudALMAPIs', true],
          ['service-manager', true],
        ],
      );
    } finally {
      await t.close();
    }
  });
}
