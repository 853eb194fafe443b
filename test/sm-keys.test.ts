/**
 * Service-manager keys on the real server, on SQLite and PostgreSQL: the instance and binding made by the CLI
 * as SAP's btp CLI spells it, the key file in SAP's flat shape, its token fetched as the SAP BTP Service
 * Operator fetches it (golang oauth2 clientcredentials, AuthStyleInParams: id and secret in the form body) with
 * the plan's scopes in the subaccount's zone, the /v1 bearer check (sm-auth.ts) refusing another subaccount
 * and writes by subaccount-audit, deletion revoking the key at once, and one x509 key at the mTLS certurl.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { Agent, request } from 'undici';
import { createSmAuth } from '../src/btp/index.js';
import { findCatalogPlan } from '../src/btp/catalog.js';
import { DomainError } from '../src/shared/index.js';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { runCliCaptured, type CliRun } from './support/cli.js';
import { signIn, startTestServer, type TestServer } from './support/server.js';

const SM_SCOPE = (s: string) => `service-manager!b3.subaccount.${s}`;
const ADMIN_SCOPES = [
  'broker.manage',
  'broker.read',
  'platform.manage',
  'platform.read',
  'service_instance.read',
  'service_instance.manage',
  'service_binding.read',
  'service_binding.manage',
  'service_plan.read',
  'service_offering.read',
].map(SM_SCOPE);

interface Env {
  t: TestServer;
  token: string;
  cookie: string;
  work: string;
}

function cli(env: Env, ...args: string[]): Promise<CliRun> {
  return runCliCaptured([...args, '--url', env.t.server.url, '--ca', env.t.server.caFile!, '--token', env.token]);
}

async function subaccounts(env: Env, names: string[]): Promise<string[]> {
  const { t, cookie } = env;
  const ga = (await t.http.call('POST', '/btp/v1/global_accounts', { cookie, body: { name: 'GA' } })).json().id;
  const granted = await t.http.call('POST', '/access/v1/users/admin/roles', {
    cookie,
    body: { role: 'GlobalAccountAdministrator', scopeId: ga },
  });
  assert.equal(granted.status, 204, granted.text);
  const ids: string[] = [];
  for (const name of names) {
    const body = { globalAccountId: ga, name, subdomain: `${name}-${Date.now() % 100000}`, region: 'eu10' };
    const res = await t.http.call('POST', '/btp/v1/subaccounts', { cookie, body });
    assert.equal(res.status, 201, res.text);
    ids.push(res.json().id);
  }
  return ids;
}

/** `btp create services/instance` of a service-manager plan, then a binding and its downloaded key file. */
async function smKey(env: Env, sub: string, plan: string, name: string, bindingParameters?: string) {
  const instance = await cli(
    env,
    ...['btp', 'create', 'services/instance', '--subaccount', sub, '--offering-name', 'service-manager'],
    ...['--plan-name', plan, '--name', name],
  );
  assert.equal(instance.code, 0, instance.err);
  const view = JSON.parse(instance.out);
  assert.deepEqual([view.service_offering, view.service_plan], ['service-manager', plan]);
  const binding = await cli(
    env,
    ...['btp', 'create', 'services/binding', '--instance-name', name, '--binding', `${name}-key`, '--subaccount', sub],
    ...(bindingParameters ? ['--parameters', bindingParameters] : []),
  );
  assert.equal(binding.code, 0, binding.err);
  const bindingId = /created binding \S+ \(([^,]+),/.exec(binding.out)![1]!;
  const file = join(env.work, `${name}-${sub}.json`);
  const got = await cli(env, 'btp', 'get', 'services/binding', bindingId, '--output', file);
  assert.equal(got.code, 0, got.err);
  assert.equal(statSync(file).mode & 0o777, 0o600, 'the key file is private');
  const key = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  // the instance's own XSUAA client, as SAP names a service-manager instance's (the SM resource carries no client id)
  assert.match(key.clientid!, /^sb-[0-9a-f-]+!b\d+\|service-manager!b3$/);
  const secret = key.clientsecret ?? key.key!;
  const shown = await cli(env, 'btp', 'get', 'services/binding', bindingId);
  assert.equal(JSON.parse(shown.out).credentials.clientid, key.clientid, 'the view shows the key, masked');
  const printed = `${binding.out}${binding.err}${got.out}${got.err}${shown.out}${shown.err}`;
  assert.ok(!printed.includes(secret), 'the CLI never prints the secret');
  return { key, bindingId, instanceId: view.id as string };
}

/** The Service Operator's token request: POST {tokenurl}{tokenurlsuffix}, client id and secret in the body. */
async function operatorToken(t: TestServer, key: Record<string, string>, dispatcher?: Agent, tokenUrl = key.url!) {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: key.clientid! });
  if (key.clientsecret) form.set('client_secret', key.clientsecret);
  const res = await request(`${tokenUrl.replace('localhost', '127.0.0.1')}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
    dispatcher: dispatcher ?? new Agent({ connect: { ca: readFileSync(t.server.caFile!, 'utf8') } }),
  });
  const body = (await res.body.json()) as { access_token?: string; error?: string; scope?: string };
  return { status: res.statusCode, body };
}

/** A call of the Service Manager API at the key's `sm_url`, with the key's token. */
async function v1(t: TestServer, key: Record<string, string>, bearer: string, method: string, path: string) {
  const res = await request(`${key.sm_url!.replace('localhost', '127.0.0.1')}${path}`, {
    method: method as 'GET',
    headers: { authorization: bearer, 'content-type': 'application/json' },
    ...(method === 'POST' ? { body: JSON.stringify({ name: 'x', service_plan_id: 'p' }) } : {}),
    dispatcher: new Agent({ connect: { ca: readFileSync(t.server.caFile!, 'utf8') } }),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? JSON.parse(text) : undefined };
}

const refusedWith = (code: string) => (error: unknown) => error instanceof DomainError && error.code === code;

for (const kind of await testDatabaseKinds()) {
  describe(kind.name, () => {
    let t: TestServer;
    let env: Env;
    let a: string;
    let b: string;
    let auth: ReturnType<typeof createSmAuth>;

    before(async () => {
      t = await startTestServer({
        database: kind.name,
        env: { CALM_KEYS_ADMIN_PASSWORD: 'admin-password-1' },
        start: { demo: false },
      });
      const cookie = await signIn(t.http, 'admin', 'admin-password-1');
      const token = (await t.http.call('POST', '/auth/v1/tokens', { cookie, body: { name: 'cli' } })).json().token;
      env = { t, token, cookie, work: mkdtempSync(join(tmpdir(), 'calm-keys-sm-')) };
      [a, b] = (await subaccounts(env, ['sm-a', 'sm-b'])) as [string, string];
      env.cookie = await signIn(t.http, 'admin', 'admin-password-1');
      auth = createSmAuth({ db: t.server.store.db, verifier: t.server.xsuaa.verifier });
    });
    after(() => t.close());

    test('keys made by the CLI, their tokens, the /v1 bearer check, revocation', async () => {
      // an instance named "sm" in B too: --subaccount chooses A's for the binding
      const inB = await smKey(env, b!, 'container', 'sm');
      const { key, bindingId, instanceId } = await smKey(env, a!, 'subaccount-admin', 'sm');

      assert.deepEqual(Object.keys(key), ['clientid', 'clientsecret', 'url', 'xsappname', 'sm_url'], "SAP's shape");
      assert.equal(key.sm_url, t.server.publicUrl);
      assert.equal(key.url, t.server.publicUrl);
      assert.equal(`sb-${key.xsappname}`, key.clientid);

      const issued = await operatorToken(t, key);
      assert.equal(issued.status, 200, JSON.stringify(issued.body));
      const claims = decodeJwt(issued.body.access_token!) as { zid: string; scope: string[]; cid: string };
      assert.equal(claims.zid, a, "the token is for the key's subaccount");
      assert.deepEqual([...claims.scope].sort(), [...ADMIN_SCOPES].sort(), "the plan's Service Manager scopes");
      assert.equal(claims.cid, key.clientid);

      const bearer = `Bearer ${issued.body.access_token}`;
      const principal = await auth.authenticate(bearer, { call: { collection: 'service_instances', method: 'POST' } });
      assert.deepEqual(
        [principal.subaccountId, principal.plan, principal.clientId],
        [a, 'subaccount-admin', key.clientid],
      );
      await assert.rejects(auth.authenticate(bearer, { subaccountId: b! }), refusedWith('token.wrong_zone'));
      const bToken = (await operatorToken(t, inB.key)).body.access_token!;
      assert.equal((await auth.authenticate(`Bearer ${bToken}`)).subaccountId, b, "B's key works in B only");

      // the /v1 API at sm_url: A's key sees A's instances only; B's instance is not found with it
      const listed = await v1(t, key, bearer, 'GET', '/v1/service_instances');
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      const ids = listed.body.items.map((i: { id: string }) => i.id);
      assert.ok(ids.includes(instanceId), "A's instance is in A's list");
      assert.ok(!ids.includes(inB.instanceId), "B's instance is not in A's list");
      const other = await v1(t, key, bearer, 'GET', `/v1/service_instances/${inB.instanceId}`);
      assert.deepEqual([other.status, other.body.error], [404, 'NotFound']);
      const noToken = await v1(t, key, 'Bearer not-a-jwt', 'GET', '/v1/service_instances');
      assert.deepEqual([noToken.status, noToken.body.error], [401, 'Unauthorized']);

      // a Cloud ALM API key is no service-manager key, even with Service Manager authorities
      const calm = await cli(
        env,
        ...['btp', 'create', 'services/instance', '--subaccount', a!, '--name', 'calm'],
        ...['--offering-name', 'SAPCloudALMAPIs', '--plan-name', 'standard'],
        ...['--parameters', JSON.stringify({ 'xs-security': { authorities: [SM_SCOPE('service_instance.manage')] } })],
      );
      assert.equal(calm.code, 0, calm.err);
      assert.equal(JSON.parse(calm.out).service_offering, 'SAPCloudALMAPIs');
      const calmBinding = await t.http.call('POST', '/v1/service_bindings?async=false', {
        cookie: env.cookie,
        body: { name: 'k', service_instance_id: JSON.parse(calm.out).id },
      });
      const calmToken = (await operatorToken(t, calmBinding.json().credentials.uaa)).body.access_token!;
      await assert.rejects(auth.authenticate(`Bearer ${calmToken}`), refusedWith('btp.sm_token_not_service_manager'));

      // subaccount-audit reads, never writes
      const audit = await smKey(env, a!, 'subaccount-audit', 'sm-audit');
      const auditBearer = `Bearer ${(await operatorToken(t, audit.key)).body.access_token}`;
      await auth.authenticate(auditBearer, { call: { collection: 'service_instances', method: 'GET' } });
      await assert.rejects(
        auth.authenticate(auditBearer, { call: { collection: 'service_instances', method: 'POST' } }),
        refusedWith('btp.sm_scope_missing'),
      );
      const auditRead = await v1(t, audit.key, auditBearer, 'GET', '/v1/service_instances');
      assert.equal(auditRead.status, 200, JSON.stringify(auditRead.body));
      const auditWrite = await v1(t, audit.key, auditBearer, 'POST', '/v1/service_instances?async=false');
      assert.deepEqual([auditWrite.status, auditWrite.body.code], [403, 'btp.sm_scope_missing']);

      // deleting the binding revokes its credential at once
      const deleted = await cli(env, 'btp', 'delete', 'services/binding', bindingId, '--confirm');
      assert.equal(deleted.code, 0, deleted.err);
      const after = await operatorToken(t, key);
      assert.deepEqual([after.status, after.body.error], [401, 'invalid_client']);
    });

    if (kind.name !== 'sqlite') return;

    test('one x509 key: certificate, key and certurl; its token at the mTLS listener', async () => {
      // one x509 key (key generation is slow): certificate, key, certurl; its token at the mTLS listener
      const x509 = await smKey(env, a!, 'service-operator-access', 'sm-x509', '{"credential-type":"x509"}');
      assert.deepEqual(Object.keys(x509.key), ['clientid', 'certificate', 'key', 'certurl', 'xsappname', 'sm_url']);
      assert.equal(x509.key.certurl, t.server.mtlsUrl);
      const ca = readFileSync(t.server.caFile!, 'utf8');
      const withCert = new Agent({ connect: { ca, cert: x509.key.certificate!, key: x509.key.key! } });
      const mtls = await operatorToken(t, x509.key, withCert, x509.key.certurl);
      assert.equal(mtls.status, 200, JSON.stringify(mtls.body));
      const principalX509 = await auth.authenticate(`Bearer ${mtls.body.access_token}`);
      assert.deepEqual([principalX509.subaccountId, principalX509.plan], [a, 'service-operator-access']);
    });

    // after the first test, which made an instance "sm" in both subaccounts
    test('the CLI: the catalog from /v1, --plan, and refusals naming the field', async () => {
      // the catalog as SAP's btp CLI lists it, from the Service Manager API
      const plans = await cli(env, 'btp', 'list', 'services/plan');
      assert.equal(plans.code, 0, plans.err);
      const planNames = JSON.parse(plans.out).map((p: { name: string }) => p.name);
      for (const name of ['standard', 'subaccount-admin', 'subaccount-audit', 'container', 'service-operator-access'])
        assert.ok(planNames.includes(name), name);
      const offerings = JSON.parse((await cli(env, 'btp', 'list', 'services/offering')).out);
      assert.deepEqual(offerings.map((o: { name: string }) => o.name).sort(), ['SAPCloudALMAPIs', 'service-manager']);
      const noPlan = await cli(env, 'btp', 'get', 'services/plan', 'no-such-plan');
      assert.equal(noPlan.code, 2);
      assert.match(noPlan.err, /^error: .*no-such-plan.* \([a-z_.]+\)$/m, "SAP's error body read as ours");

      const createInstance = (...args: string[]) =>
        cli(env, 'btp', 'create', 'services/instance', '--subaccount', a, ...args);
      // SAP's btp CLI --plan: a plan id of the catalog
      const planId = findCatalogPlan('service-manager', 'container')!.plan.id;
      const byId = await createInstance('--name', 'sm-id', '--plan', planId);
      assert.equal(byId.code, 0, byId.err);
      assert.equal(JSON.parse(byId.out).service_plan, 'container');

      // the CLI's spelling for SAP Cloud ALM API, and refusals that name the option's field
      const unknownPlan = await createInstance(
        '--name',
        'x',
        '--offering-name',
        'service-manager',
        '--plan-name',
        'gold',
      );
      assert.equal(unknownPlan.code, 2);
      assert.match(unknownPlan.err, /subaccount-admin.*\(btp\.unknown_plan\)/);
      const unknownOffering = await createInstance('--name', 'x', '--offering-name', 'nope');
      assert.match(unknownOffering.err, /\(btp\.unknown_offering\)/);
      const ambiguous = await cli(env, 'btp', 'create', 'services/binding', '--instance-name', 'sm', '--binding', 'k2');
      assert.match(ambiguous.err, /\(btp\.ambiguous_instance\)/, 'without --subaccount "sm" names two instances');
    });
  });
}
