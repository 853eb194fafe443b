/**
 * The BTP control plane over HTTP on the real server: accounts, Cloud ALM tenants by provisioning date,
 * instances and bindings of each credential type made through the Service Manager API (`/v1`, as the cockpit
 * does with a person's session), their parameters, downloads (`/btp/v1/service_bindings/{id}/key`) that SAP's
 * client library accepts, deletion that revokes at once, tenant isolation, and bad input.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { validateServiceKey } from '../src/service-key/index.js';
import { signIn, startTestServer, type TestServer } from './support/server.js';
import { clientToken, q } from './support/sm-v1.js';

let t: TestServer;
let admin: string;
const placed: { tenantId: string; keyText: string; bindingId: string }[] = [];

before(async () => {
  t = await startTestServer({
    env: { CALM_KEYS_ADMIN_PASSWORD: 'admin-password-1' },
    start: { demo: false, placement: { placeProvisionedKey: async (p) => void placed.push(p) } },
  });
  admin = await signIn(t.http, 'admin', 'admin-password-1');
});
after(() => t.close());

const call = (method: string, path: string, body?: unknown, cookie = admin) =>
  t.http.call(method, path, { cookie, ...(body === undefined ? {} : { body }) });

async function grant(username: string, role: string, scopeId: string) {
  const res = await call('POST', `/access/v1/users/${username}/roles`, { role, scopeId });
  assert.equal(res.status, 204, res.text);
}

let seq = 0;
async function subaccount(): Promise<{ ga: string; sub: string; subdomain: string }> {
  seq += 1;
  const ga = (await call('POST', '/btp/v1/global_accounts', { name: `GA ${seq}` })).json().id as string;
  await grant('admin', 'GlobalAccountAdministrator', ga);
  admin = await signIn(t.http, 'admin', 'admin-password-1');
  const subdomain = `acme-${seq}-${Date.now() % 100000}`;
  const res = await call('POST', '/btp/v1/subaccounts', {
    globalAccountId: ga,
    name: 'SAP Cloud ALM',
    subdomain,
    region: 'eu10',
  });
  assert.equal(res.status, 201, res.text);
  return { ga, sub: res.json().id, subdomain };
}

/** The plan id of the "SAP Cloud ALM API" standard plan, as a tool finds it. */
async function standardPlan(): Promise<string> {
  const plans = (await call('GET', `/v1/service_plans?fieldQuery=${q("catalog_name eq 'standard'")}`)).json();
  assert.equal(plans.num_items, 1);
  return plans.items[0].id as string;
}

const createInstance = async (sub: string, body: Record<string, unknown>, cookie = admin) =>
  call(
    'POST',
    `/v1/service_instances?async=false&subaccount_id=${sub}`,
    { service_plan_id: await standardPlan(), ...body },
    cookie,
  );
const createBinding = (body: Record<string, unknown>, cookie = admin) =>
  call('POST', '/v1/service_bindings?async=false', body, cookie);

/** The claims of a JWT (its signature is the token server's business, tested elsewhere). */
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));

async function sapClientsAccept(key: unknown): Promise<Record<string, { ok: boolean; error?: string }>> {
  const file = join(mkdtempSync(join(tmpdir(), 'calm-keys-btp-')), 'key.json');
  writeFileSync(file, JSON.stringify(key), { mode: 0o600 });
  const { stdout } = await promisify(execFile)(process.execPath, ['test/support/sap-clients.mjs', file], {
    env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: t.server.caFile! },
    timeout: 30_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

test('provisioning by date: before, on and after each cutoff', async () => {
  const expectations: [string, boolean, boolean, string][] = [
    ['2023-06-11', false, false, 'none'],
    ['2023-06-12', true, false, 'monitoring'],
    ['2023-06-13', true, false, 'monitoring'],
    ['2023-06-14', true, true, 'monitoring'],
    ['2023-10-15', true, true, 'monitoring'],
    ['2023-10-16', true, true, 'all'],
  ];
  for (const [date, generated, inLandscape, scopeSet] of expectations) {
    const { sub } = await subaccount();
    const before = placed.length;
    const res = await call('POST', `/btp/v1/subaccounts/${sub}/cloud_alm`, { provisionedOn: date });
    assert.equal(res.status, 201, res.text);
    const body = res.json();
    assert.equal(Boolean(body.generated), generated, date);
    assert.equal(placed.length - before, inLandscape ? 1 : 0, `${date}: placed in Landscape Management`);
    assert.equal(body.plan.scopeSet, scopeSet);
    if (generated) {
      const parameters = await call('GET', `/v1/service_instances/${body.generated.instanceId}/parameters`);
      assert.equal(parameters.status, 200, parameters.text);
      const authorities = parameters.json()['xs-security'].authorities as string[];
      const hasCdm = authorities.some((a) => a.endsWith('.imp-cdm-feature-manage-ui'));
      assert.equal(hasCdm, scopeSet === 'all', `${date}: transport management scopes`);
    }
    if (inLandscape) {
      const key = JSON.parse(placed.at(-1)!.keyText);
      assert.equal(placed.at(-1)!.tenantId, body.tenantId);
      assert.equal(validateServiceKey(JSON.stringify(key), { tenantIdentityZone: key.uaa.identityzone }).valid, true);
    }
  }
});

test('instance and bindings of each credential type; the downloaded key validates, and SAP xssec gets a token; deleting revokes at once', async () => {
  const { sub, subdomain } = await subaccount();
  const xsSecurity = {
    xsappname: 'acme-monitoring',
    authorities: ['$XSMASTERAPPNAME.calm-api.metrics.write'],
    'oauth2-configuration': { 'credential-types': ['binding-secret', 'x509'] },
  };
  const instance = await createInstance(sub, {
    name: 'calm-api-monitoring',
    parameters: { 'xs-security': xsSecurity },
  });
  assert.equal(instance.status, 201, instance.text);
  const inst = instance.json();
  const parameters = await call('GET', `/v1/service_instances/${inst.id}/parameters`);
  assert.equal(parameters.status, 200, parameters.text);
  assert.deepEqual(parameters.json(), { 'xs-security': xsSecurity }, 'the parameters it was created with');

  const secretBinding = await createBinding({ name: 'monitoring-key', service_instance_id: inst.id });
  assert.equal(secretBinding.status, 201, secretBinding.text);
  const bindingId = secretBinding.json().id as string;
  const uaa = secretBinding.json().credentials.uaa;
  assert.match(uaa.clientsecret, new RegExp(`^${bindingId}\\$[A-Za-z0-9_-]{43}$`));
  assert.match(uaa.clientid, /^sb-acme-monitoring!b\d+\|sapcloudalm!b4711$/, 'the client is named after xsappname');
  const token = await clientToken(t, uaa.clientid, uaa.clientsecret);
  assert.equal(token.status, 200, token.text);
  assert.deepEqual(
    (claimsOf(token.json().access_token).scope as string[]).sort(),
    ['sapcloudalm!b4711.calm-api.metrics.write', 'uaa.resource'],
    'the token carries the authorities resolved, and uaa.resource',
  );

  const download = await call('GET', `/btp/v1/service_bindings/${bindingId}/key`);
  assert.match(String(download.headers['content-disposition']), /attachment; filename="monitoring-key.json"/);
  const key = download.json();
  assert.deepEqual(key, secretBinding.json().credentials, "the download is the binding's credentials");
  const report = validateServiceKey(download.text, { tenantIdentityZone: subdomain });
  assert.equal(report.valid, true, JSON.stringify(report.errors));
  assert.deepEqual(report.warnings, [], 'a calm-keys key is accepted quietly');
  const cf = (await call('GET', `/btp/v1/service_bindings/${bindingId}/key?format=cf`)).json();
  assert.deepEqual(cf, { credentials: key });

  const x509 = await createBinding({
    name: 'mtls-key',
    service_instance_id: inst.id,
    parameters: { 'credential-type': 'x509', x509: { 'key-length': 2048, validity: 3, 'validity-type': 'DAYS' } },
  });
  assert.equal(x509.status, 201, x509.text);
  assert.equal(x509.json().credentials.uaa.certurl, t.server.mtlsUrl);
  assert.equal(x509.json().credentials.uaa.clientsecret, undefined);

  for (const k of [key, x509.json().credentials]) {
    const results = await sapClientsAccept(k);
    assert.equal(results['xssec.createSecurityContext']!.ok, true, results['xssec.createSecurityContext']!.error);
  }

  const list = await call('GET', `/v1/service_bindings?subaccount_id=${sub}`);
  assert.equal(list.json().num_items, 2, list.text);
  assert.ok(!list.text.includes(key.uaa.clientsecret), "a person's list of bindings never shows credentials");

  const deleted = await call('DELETE', `/v1/service_bindings/${bindingId}?async=false`);
  assert.deepEqual([deleted.status, deleted.json()], [200, {}]);
  const refused = await t.http.call('POST', '/oauth/token', {
    rawBody: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: key.uaa.clientid,
      client_secret: key.uaa.clientsecret,
    }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.deepEqual([refused.status, refused.json().error], [401, 'invalid_client']);

  assert.equal((await call('DELETE', `/v1/service_instances/${inst.id}?async=false`)).status, 200);
  assert.equal(
    (await call('GET', `/v1/service_bindings/${x509.json().id}`)).status,
    404,
    'deleting an instance deletes its bindings',
  );
  assert.equal((await call('GET', `/btp/v1/service_bindings/${x509.json().id}/key`)).status, 404, 'and their keys');
});

test("another subaccount's administrator gets 404 for everything of this one", async () => {
  const { sub } = await subaccount();
  const inst = (await createInstance(sub, { name: 'private' })).json();
  const binding = (await createBinding({ name: 'k1', service_instance_id: inst.id })).json();
  const planId = await standardPlan();
  const other = await subaccount();
  await call('POST', '/access/v1/users', { username: 'other-admin', password: 'other-password-1' });
  await grant('other-admin', 'SubaccountAdministrator', other.sub);
  const cookie = await signIn(t.http, 'other-admin', 'other-password-1');
  const probes: [string, string, unknown?][] = [
    ['GET', `/btp/v1/subaccounts/${sub}`],
    ['POST', `/btp/v1/subaccounts/${sub}/cloud_alm`, {}],
    ['POST', `/v1/service_instances?async=false&subaccount_id=${sub}`, { name: 'x', service_plan_id: planId }],
    ['GET', `/v1/service_instances/${inst.id}`],
    ['GET', `/v1/service_instances/${inst.id}/parameters`],
    ['GET', `/v1/service_instances/${inst.id}/parameters?subaccount_id=${other.sub}`],
    ['PATCH', `/v1/service_instances/${inst.id}?async=false`, { name: 'taken-over' }],
    ['DELETE', `/v1/service_instances/${inst.id}?async=false`],
    ['POST', '/v1/service_bindings?async=false', { name: 'x', service_instance_id: inst.id }],
    ['GET', `/v1/service_bindings/${binding.id}`],
    ['GET', `/btp/v1/service_bindings/${binding.id}/key`],
    ['DELETE', `/v1/service_bindings/${binding.id}?async=false`],
  ];
  for (const [method, path, body] of probes) {
    const res = await t.http.call(method, path, { cookie, ...(body === undefined ? {} : { body }) });
    assert.equal(res.status, 404, `${method} ${path}: ${res.status} ${res.text}`);
  }
  const lists = [
    await t.http.call('GET', '/v1/service_instances', { cookie }),
    await t.http.call('GET', '/v1/service_bindings', { cookie }),
  ];
  for (const res of lists) {
    assert.equal(res.status, 200, res.text);
    assert.ok(!res.text.includes(inst.id) && !res.text.includes(binding.id));
  }
  const own = await call('GET', `/v1/service_bindings/${binding.id}`);
  assert.equal(own.status, 200, 'still there for its own administrator');
  assert.equal(own.json().name, 'k1');
  assert.equal((await call('GET', `/v1/service_instances/${inst.id}`)).json().name, 'private', 'not renamed');
});

test('bad input: 4xx naming the field, and nothing partial is stored', async () => {
  const { sub } = await subaccount();
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ name: 'line\nbreak' }, 'btp.bad_instance_name', /name/],
    [{ name: 'x'.repeat(101) }, 'request.invalid_body', /name/],
    [
      { name: 'ok', parameters: { 'xs-security': { 'oauth2-configuration': { 'credential-types': ['password'] } } } },
      'btp.bad_parameters',
      /parameters\.xs-security\.oauth2-configuration\.credential-types\[0\]/,
    ],
    [
      { name: 'ok', parameters: { 'xs-security': { authorities: 'not-an-array' } } },
      'btp.bad_parameters',
      /parameters\.xs-security\.authorities/,
    ],
  ];
  for (const [body, code, names] of cases) {
    const res = await createInstance(sub, body);
    assert.equal(res.status, 400, res.text);
    assert.deepEqual([res.json().error, res.json().code], ['BadRequest', code], res.text);
    assert.match(res.json().description, names, 'the answer names the field');
  }
  const malformed = await t.http.call('POST', `/v1/service_instances?async=false&subaccount_id=${sub}`, {
    cookie: admin,
    rawBody: '{"name": "x", "parameters": {',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(malformed.status, 400);
  assert.equal(malformed.json().error, 'BadRequest');
  const oversize = await createInstance(sub, { name: 'big', parameters: { pad: 'x'.repeat(300 * 1024) } });
  assert.equal(oversize.status, 413);
  assert.equal(
    (await call('GET', `/v1/service_instances?subaccount_id=${sub}`)).json().num_items,
    0,
    'no instance stored',
  );

  const inst = (await createInstance(sub, { name: 'only-secrets' })).json();
  const badType = await createBinding({
    name: 'k',
    service_instance_id: inst.id,
    parameters: { 'credential-type': 'x509' },
  });
  assert.equal(badType.status, 400);
  assert.equal(badType.json().code, 'btp.credential_type_not_allowed');
  assert.match(badType.json().description, /allows binding-secret/);
  const unknownType = await createBinding({
    name: 'k',
    service_instance_id: inst.id,
    parameters: { 'credential-type': 'password' },
  });
  assert.equal(unknownType.status, 400);
  assert.match(unknownType.json().description, /parameters\.credential-type/);
  const reserved = await createBinding({ name: 'ABC_001_00', service_instance_id: inst.id });
  assert.equal(reserved.json().code, 'btp.reserved_binding_name');

  // A failing XSUAA step rolls the binding back: remove the instance's OAuth client behind its back.
  const clientId = (
    await t.server.store.db
      .selectFrom('service_instances')
      .select('client_id')
      .where('id', '=', inst.id)
      .executeTakeFirstOrThrow()
  ).client_id;
  await t.server.store.db.deleteFrom('oauth_clients').where('client_id', '=', clientId).execute();
  const failing = await createBinding({ name: 'k', service_instance_id: inst.id });
  assert.equal(failing.status, 404);
  const rows = await t.server.store.db
    .selectFrom('service_bindings')
    .select('id')
    .where('instance_id', '=', inst.id)
    .execute();
  assert.deepEqual(rows, [], 'no binding row without its credential');
});

test('the demo landscape: a first start has a subaccount, a tenant provisioned today and its generated key', async () => {
  const demo = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: 'admin-password-1' } });
  try {
    const cookie = await signIn(demo.http, 'admin', 'admin-password-1');
    const subs = (await demo.http.call('GET', '/btp/v1/subaccounts', { cookie })).json().items;
    assert.equal(subs.length, 1);
    assert.equal(subs[0].subdomain, 'demo-calm');
    assert.equal(subs[0].cloudAlmTenant.provisionedOn, new Date().toISOString().slice(0, 10));
    const bindings = (await demo.http.call('GET', '/v1/service_bindings', { cookie })).json().items;
    assert.deepEqual(bindings.map((b: { name: string }) => b.name).sort(), ['ALM_001_00', 'sm-key']);
    const sm = bindings.find((b: { name: string }) => b.name === 'sm-key');
    const smKey = (await demo.http.call('GET', `/btp/v1/service_bindings/${sm.id}/key`, { cookie })).json();
    assert.deepEqual(
      Object.keys(smKey),
      ['clientid', 'clientsecret', 'url', 'xsappname', 'sm_url'],
      'a service-manager key',
    );
    const alm = bindings.find((b: { name: string }) => b.name === 'ALM_001_00');
    const key = (await demo.http.call('GET', `/btp/v1/service_bindings/${alm.id}/key`, { cookie })).json();
    assert.equal(key.uaa.identityzone, 'demo-calm');
    assert.match(demo.announcement(), /demo landscape: subaccount "demo-calm"/);
  } finally {
    await demo.close();
  }
});
