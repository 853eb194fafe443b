/**
 * instance-secret bindings as XSUAA has them ("Service Instance Secrets", SAP BTP docs loio 5578ec4): the
 * secret is the same for all bindings of the instance and stays valid as long as the instance exists. So
 * all instance-secret bindings of an instance carry one secret, stored sealed once on the instance;
 * deleting one of them breaks none of the others; a binding-secret binding of the same instance has its own;
 * deleting the instance ends the instance secret. The format check's warning says the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCatalogPlan } from '../src/btp/catalog.js';
import { validateServiceKey } from '../src/service-key/index.js';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { signIn, startTestServer, type TestServer } from './support/server.js';

type Key = { uaa: { clientid: string; clientsecret: string; 'credential-type': string } };

async function setUp(t: TestServer) {
  let admin = await signIn(t.http, 'admin', 'admin-password-1');
  const call = (method: string, path: string, body?: unknown) =>
    t.http.call(method, path, { cookie: admin, ...(body === undefined ? {} : { body }) });
  const ga = (await call('POST', '/btp/v1/global_accounts', { name: 'GA' })).json().id as string;
  assert.equal(
    (await call('POST', '/access/v1/users/admin/roles', { role: 'GlobalAccountAdministrator', scopeId: ga })).status,
    204,
  );
  admin = await signIn(t.http, 'admin', 'admin-password-1');
  const sub = await call('POST', '/btp/v1/subaccounts', {
    globalAccountId: ga,
    name: 'SAP Cloud ALM',
    subdomain: `legacy-${Date.now() % 100000}`,
    region: 'eu10',
  });
  assert.equal(sub.status, 201, sub.text);
  const instance = async (name: string) => {
    const res = await call('POST', `/v1/service_instances?async=false&subaccount_id=${sub.json().id}`, {
      name,
      service_plan_id: findCatalogPlan('SAPCloudALMAPIs', 'standard')!.plan.id,
      parameters: {
        'xs-security': { 'oauth2-configuration': { 'credential-types': ['instance-secret', 'binding-secret'] } },
      },
    });
    assert.equal(res.status, 201, res.text);
    return res.json() as { id: string };
  };
  const binding = async (instanceId: string, name: string, credentialType: string) => {
    const res = await call('POST', '/v1/service_bindings?async=false', {
      name,
      service_instance_id: instanceId,
      parameters: { 'credential-type': credentialType },
    });
    assert.equal(res.status, 201, res.text);
    return res.json() as { id: string; credentials: Key };
  };
  const tokenStatus = async (key: Key) =>
    (
      await t.http.call('POST', '/oauth/token', {
        rawBody: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: key.uaa.clientid,
          client_secret: key.uaa.clientsecret,
        }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
    ).status;
  return { call, instance, binding, tokenStatus };
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: instance-secret bindings share the instance's one secret; deleting one breaks no other; the instance's deletion ends it`, async () => {
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: 'admin-password-1' },
      start: { demo: false },
    });
    try {
      const { call, instance, binding, tokenStatus } = await setUp(t);
      const inst = await instance('legacy-cf');
      const a = await binding(inst.id, 'key-a', 'instance-secret');
      const b = await binding(inst.id, 'key-b', 'instance-secret');
      const own = await binding(inst.id, 'key-own', 'binding-secret');
      assert.equal(a.credentials.uaa['credential-type'], 'instance-secret');
      assert.equal(
        a.credentials.uaa.clientsecret,
        b.credentials.uaa.clientsecret,
        'one secret for all instance-secret bindings',
      );
      assert.notEqual(own.credentials.uaa.clientsecret, a.credentials.uaa.clientsecret, 'a binding secret is its own');
      assert.ok(own.credentials.uaa.clientsecret.startsWith(`${own.id}$`));
      for (const key of [a, b, own]) assert.equal(await tokenStatus(key.credentials), 200);

      // stored once: sealed on the instance, registered with XSUAA once and without a binding of its own
      const row = await t.server.store.db
        .selectFrom('service_instances')
        .select('instance_secret_sealed')
        .where('id', '=', inst.id)
        .executeTakeFirstOrThrow();
      assert.match(row.instance_secret_sealed!, /^ck1\./);
      assert.ok(!row.instance_secret_sealed!.includes(a.credentials.uaa.clientsecret));
      const credentials = await t.server.store.db
        .selectFrom('client_credentials')
        .innerJoin('oauth_clients', 'oauth_clients.id', 'client_credentials.client_pk')
        .select(['client_credentials.credential_type', 'client_credentials.binding_id'])
        // the instance's OAuth client: the /v1 instance names none, its keys do (one client per instance, as XSUAA)
        .where('oauth_clients.client_id', '=', a.credentials.uaa.clientid)
        .execute();
      assert.deepEqual(
        credentials.filter((c) => c.credential_type === 'instance-secret'),
        [{ credential_type: 'instance-secret', binding_id: null }],
      );

      // the format check's warning tells the same story
      const warning = validateServiceKey(JSON.stringify(a.credentials)).warnings.find(
        (w) => w.rule === 'W-instance-secret',
      )!;
      assert.match(warning.message, /share this one secret/);
      assert.match(warning.message, /valid as long as the instance exists: deleting this key does not revoke it/);

      // XSUAA: the instance secret stays valid while the instance exists
      assert.equal((await call('DELETE', `/v1/service_bindings/${a.id}?async=false`)).status, 200);
      assert.equal(await tokenStatus(b.credentials), 200, 'deleting one binding does not break the other');
      assert.equal(await tokenStatus(a.credentials), 200, "nor the secret it carried, which is the instance's");
      const c = await binding(inst.id, 'key-c', 'instance-secret');
      assert.equal(
        c.credentials.uaa.clientsecret,
        b.credentials.uaa.clientsecret,
        'a later binding gets the same secret again',
      );
      assert.equal((await call('DELETE', `/v1/service_bindings/${own.id}?async=false`)).status, 200);
      assert.equal(await tokenStatus(own.credentials), 401, 'a binding secret ends with its binding');
      assert.equal(await tokenStatus(b.credentials), 200);

      // another instance has another instance secret; concurrent first bindings still agree on one
      const other = await instance('legacy-cf-2');
      const concurrent = await Promise.all([1, 2, 3].map((i) => binding(other.id, `first-${i}`, 'instance-secret')));
      assert.equal(
        new Set(concurrent.map((k) => k.credentials.uaa.clientsecret)).size,
        1,
        JSON.stringify(concurrent.map((k) => k.id)),
      );
      assert.notEqual(concurrent[0]!.credentials.uaa.clientsecret, b.credentials.uaa.clientsecret);
      for (const key of concurrent) assert.equal(await tokenStatus(key.credentials), 200);

      assert.equal((await call('DELETE', `/v1/service_instances/${inst.id}?async=false`)).status, 200);
      assert.equal(await tokenStatus(b.credentials), 401, 'the instance secret ends with its instance');
      assert.equal(await tokenStatus(concurrent[0]!.credentials), 200);
    } finally {
      await t.close();
    }
  });
}
