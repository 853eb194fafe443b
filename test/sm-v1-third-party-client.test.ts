/**
 * SAP's own Service Manager client, `@sap/instance-manager` (npm, unchanged), against the real server on
 * SQLite and PostgreSQL: a service-manager key made with the CLI as a user makes it, handed to the library as
 * its binding (`{sm_url, url, clientid, clientsecret}`) with service `SAPCloudALMAPIs` plan `standard`. The
 * library creates an instance and a binding per tenant (202 + Location, polled), finds them again by labels
 * (a manager started before, and one started after, whose cache is filled from the lists), lists them all,
 * deletes them; the binding it gets is a Cloud ALM API key whose token works until the library deletes it.
 * The library runs in a child process that trusts our CA through NODE_EXTRA_CA_CERTS
 * (test/support/instance-manager-client.mjs); nothing in TLS is relaxed.
 *
 * What the library needed (src/btp/README.md, "The Service Manager API"): `/v1` names beyond the cockpit's 32
 * characters (it sends 44 characters of base64 and UUIDs), and binding lists that carry a key's credentials as
 * SAP's do (its get() and getAll() read them from the list). The second test pins that a list carries exactly
 * what each binding's GET carries, per plan, audited, and nothing for a person.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { runCliCaptured } from './support/cli.js';
import { signIn, startTestServer, type TestServer } from './support/server.js';
import { ADMIN_PASSWORD, emptyTenant } from './support/landscape.js';
import { asPerson, q, serviceManagerKey } from './support/sm-v1.js';

const run = promisify(execFile);

/** The key a user makes: `btp create services/instance` of service-manager, a binding, its key file. */
async function serviceManagerKeyByCli(t: TestServer, token: string, subaccountId: string, work: string) {
  const cli = (...args: string[]) =>
    runCliCaptured([...args, '--url', t.server.url, '--ca', t.server.caFile!, '--token', token]);
  const instance = await cli(
    ...['btp', 'create', 'services/instance', '--subaccount', subaccountId, '--offering-name', 'service-manager'],
    ...['--plan-name', 'subaccount-admin', '--name', 'sm'],
  );
  assert.equal(instance.code, 0, instance.err);
  const binding = await cli(
    ...['btp', 'create', 'services/binding', '--instance-name', 'sm', '--binding', 'sm-key'],
    ...['--subaccount', subaccountId],
  );
  assert.equal(binding.code, 0, binding.err);
  // its id from the list (a person's list carries no key), not from the CLI's wording
  const listed = await t.http.call('GET', `/v1/service_bindings?fieldQuery=${q("name eq 'sm-key'")}`, {
    token,
  });
  assert.equal(listed.json().num_items, 1, listed.text);
  const bindingId = listed.json().items[0].id as string;
  const file = join(work, 'sm-key.json');
  const got = await cli('btp', 'get', 'services/binding', bindingId, '--output', file);
  assert.equal(got.code, 0, got.err);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
}

type Step = { ok: boolean; error?: string; statusCode?: number; responseCode?: number } & Record<string, any>;

/** Runs the library in its own process, trusting our CA the way an application does; DEBUG logs its calls. */
async function instanceManager(t: TestServer, input: unknown, work: string) {
  const file = join(work, 'input.json');
  writeFileSync(file, JSON.stringify(input), { mode: 0o600 });
  const { stdout, stderr } = await run(process.execPath, ['test/support/instance-manager-client.mjs', file], {
    env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: t.server.caFile!, DEBUG: 'instance-manager' },
    timeout: 60_000,
  });
  return { results: JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, Step>, calls: stderr };
}

/** The requests the library logged (DEBUG=instance-manager): method, path without ids, status. */
const requestsOf = (calls: string) =>
  [...calls.matchAll(/instance-manager (GET|POST|DELETE) - (\S+).*? - Response status (\d+)/g)].map(
    ([, method, path, status]) => `${method} ${path!.replace(/[0-9a-f-]{36}/g, ':id')} ${status}`,
  );

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: @sap/instance-manager creates, finds and deletes a Cloud ALM API key per tenant`, async () => {
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false },
    });
    try {
      const a = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
      const token = (await t.http.call('POST', '/auth/v1/tokens', { cookie: a.cookie, body: { name: 'cli' } })).json()
        .token as string;
      const work = mkdtempSync(join(tmpdir(), 'calm-keys-im-'));
      const key = await serviceManagerKeyByCli(t, token, a.subaccountId, work);
      assert.deepEqual(Object.keys(key), ['clientid', 'clientsecret', 'url', 'xsappname', 'sm_url']);
      const tenant = randomUUID();
      const other = randomUUID();
      const { results, calls } = await instanceManager(
        t,
        {
          key,
          service: 'SAPCloudALMAPIs',
          plan: 'standard',
          tenant,
          other,
          parameters: {
            provisioning_parameters: { 'xs-security': { authorities: ['$XSMASTERAPPNAME.calm-api.metrics.write'] } },
          },
        },
        work,
      );
      const seen = `\n${JSON.stringify(results, null, 2)}\n${calls}`;
      const step = (name: string) => {
        assert.ok(results[name], `no step "${name}"${seen}`);
        return results[name];
      };
      const succeeded = (name: string) => {
        assert.equal(step(name).ok, true, `${name}: ${step(name).error}${seen}`);
        return step(name);
      };

      // init: the offering and plan by catalog_name, then getAll() over both lists; twice (A and B)
      succeeded('create manager A');
      succeeded('create manager B');

      // create(): instance and binding, each 202 + Location and polled; the binding read by id
      const created = succeeded('A.create(tenant)');
      assert.deepEqual(
        [created.label, created.plan, created.tenant_id, created.status],
        ['SAPCloudALMAPIs', 'standard', tenant, 'CREATION_SUCCEEDED'],
      );
      assert.deepEqual(created.credentialKeys, ['endpoints', 'uaa'], 'a Cloud ALM API key');
      assert.equal(created.identityzoneid, a.subaccountId);
      assert.equal(created.api, `${t.server.publicUrl}/api`);
      const issued = succeeded('token with the created credentials');
      assert.deepEqual([issued.tokenType, issued.zid, issued.cid], ['bearer', a.subaccountId, created.clientid]);
      assert.ok(
        issued.scope.some((s: string) => s.endsWith('.calm-api.metrics.write')),
        'provisioning_parameters reached the instance',
      );
      const again = step('A.create(tenant) again');
      assert.deepEqual([again.ok, again.statusCode], [false, 409], 'the README: 409 when the tenant has one');
      assert.equal(succeeded('A.create(other)').tenant_id, other);

      // get() of a manager whose cache lacks the tenant: the binding found by labelQuery, credentials from the list
      const fromServer = succeeded('B.get(tenant) from the server');
      assert.deepEqual([fromServer.tenant_id, fromServer.sameKey], [tenant, true]);
      assert.equal(succeeded('token with the credentials B got').cid, created.clientid);
      // a manager started now: create() filled its cache from the lists, get() answers from it
      assert.equal(succeeded('create manager C, C.get(tenant)').sameKey, true);
      assert.deepEqual(succeeded('B.getAll()'), {
        ok: true,
        tenants: [tenant, other].sort(),
        withCredentials: 2,
      });

      // delete(): the bindings found by labels, each deleted and polled, then the instance by name
      succeeded('A.delete(tenant)');
      const revoked = step('token with the deleted credentials');
      assert.deepEqual([revoked.ok, revoked.responseCode], [false, 401], 'the key stopped working');
      assert.match(revoked.error!, /invalid_client/);
      assert.deepEqual(succeeded('A.get(tenant) after delete').instance, null);
      const deletedAgain = step('A.delete(tenant) again');
      assert.deepEqual([deletedAgain.ok, deletedAgain.statusCode], [false, 404]);
      succeeded('A.delete(other)');

      // every request the library made, and what calm-keys answered
      const requests = requestsOf(calls);
      assert.ok(requests.length >= 30, seen);
      const answered = new Set(requests);
      for (const expected of [
        'GET /v1/service_offerings 200',
        'GET /v1/service_plans 200',
        'GET /v1/service_instances 200',
        'GET /v1/service_bindings 200',
        'POST /v1/service_instances 202',
        'GET /v1/service_instances/:id/operations/:id 200',
        'POST /v1/service_bindings 202',
        'GET /v1/service_bindings/:id/operations/:id 200',
        'GET /v1/service_bindings/:id 200',
        'POST /v1/service_instances 409',
        'DELETE /v1/service_bindings/:id 202',
        'DELETE /v1/service_instances/:id 202',
      ])
        assert.ok(answered.has(expected), `${expected}${seen}`);
      assert.deepEqual(
        requests.filter((r) => !/ (200|202)$/.test(r)),
        ['POST /v1/service_instances 409'],
        `nothing else was refused${seen}`,
      );

      // nothing is left, and the key's reads of the credentials were audited under its client id
      const person = asPerson(t, a.cookie);
      const left = await person('GET', `/v1/service_instances?fieldQuery=${q("name ne 'sm'")}`);
      assert.deepEqual([left.status, left.json().num_items], [200, 0], left.text);
      const viewed = await t.http.call(
        'GET',
        `/audit/v1/events?action=btp.service_binding.viewed&actorId=${encodeURIComponent(`client:${key.clientid}`)}`,
        { cookie: a.cookie },
      );
      assert.equal(viewed.status, 200, viewed.text);
      assert.ok(viewed.json().events.length >= 5, viewed.text);
      assert.ok(!t.logs.join('\n').includes(key.clientsecret!), 'the key is in no log line');
    } finally {
      await t.close();
    }
  });

  test(`${kind.name}: a binding list carries what each binding's GET carries, audited; a person's none`, async () => {
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
      const audit = await serviceManagerKey(t, person, sub, 'subaccount-audit', 'audit');
      const operator = await serviceManagerKey(t, person, sub, 'service-operator-access', 'operator');
      const standard = (await person('GET', `/v1/service_plans?fieldQuery=${q("catalog_name eq 'standard'")}`)).json()
        .items[0].id;
      const calm = await person('POST', `/v1/service_instances?async=false&subaccount_id=${sub}`, {
        name: 'calm',
        service_plan_id: standard,
      });
      const calmKey = await person('POST', '/v1/service_bindings?async=false', {
        name: 'calm-key',
        service_instance_id: calm.json().id,
      });
      assert.equal(calmKey.status, 201, calmKey.text);

      const viewedCount = async () =>
        (
          await t.http.call('GET', '/audit/v1/events?action=btp.service_binding.viewed&limit=1000', {
            cookie: a.cookie,
          })
        ).json().events.length as number;
      for (const [who, call, expected] of [
        ['subaccount-admin', admin.call, 4],
        ['subaccount-audit', audit.call, 0],
        ['service-operator-access', operator.call, 1],
        ['a person', person, 0],
      ] as const) {
        const before = await viewedCount();
        const listed = await call('GET', '/v1/service_bindings');
        assert.equal(listed.status, 200, listed.text);
        assert.equal(listed.headers['cache-control'], 'no-store', who);
        const items = listed.json().items as { id: string; credentials?: unknown }[];
        assert.equal(items.length, 4, who);
        assert.equal(items.filter((i) => i.credentials).length, expected, `${who}: ${listed.text.slice(0, 200)}`);
        assert.equal((await viewedCount()) - before, expected, `${who}: one audited read per key answered`);
        if (who === 'a person') continue;
        for (const item of items) {
          // the GET's answer is the rule (sm-privileges.ts); the list follows it item by item
          const read = (await call('GET', `/v1/service_bindings/${item.id}`)).json();
          assert.deepEqual(item.credentials, read.credentials, `${who}: ${item.id}`);
        }
      }
      // a page of none reads nothing
      const before = await viewedCount();
      const counted = await admin.call('GET', '/v1/service_bindings?max_items=0');
      assert.deepEqual([counted.json().num_items, counted.json().items], [4, []]);
      assert.equal(await viewedCount(), before);
    } finally {
      await t.close();
    }
  });
}
