/**
 * The BTP control plane over HTTP on the real server: accounts, Cloud ALM tenants by provisioning date,
 * instances, bindings of each credential type, downloads that SAP's client library accepts, deletion
 * that revokes at once, tenant isolation, and bad input.
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
      const instance = (await call('GET', `/btp/v1/service_instances/${body.generated.instanceId}`)).json();
      const hasCdm = (instance.authorities as string[]).some((a) => a.endsWith('.imp-cdm-feature-manage-ui'));
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
  const instance = await call('POST', '/btp/v1/service_instances', {
    name: 'calm-api-monitoring',
    subaccount_id: sub,
    service_offering_name: 'SAPCloudALMAPIs',
    service_plan_name: 'standard',
    parameters: {
      'xs-security': {
        xsappname: 'acme-monitoring',
        authorities: ['$XSMASTERAPPNAME.calm-api.metrics.write'],
        'oauth2-configuration': { 'credential-types': ['binding-secret', 'x509'] },
      },
    },
  });
  assert.equal(instance.status, 201, instance.text);
  const inst = instance.json();
  assert.match(inst.client_id, /^sb-acme-monitoring!b\d+\|sapcloudalm!b4711$/);
  assert.deepEqual(inst.authorities, ['sapcloudalm!b4711.calm-api.metrics.write', 'uaa.resource']);

  const secretBinding = await call('POST', '/btp/v1/service_bindings', {
    name: 'monitoring-key',
    service_instance_name: 'calm-api-monitoring',
  });
  assert.equal(secretBinding.status, 201, secretBinding.text);
  const bindingId = secretBinding.json().id as string;
  assert.match(secretBinding.json().credentials.uaa.clientsecret, new RegExp(`^${bindingId}\\$[A-Za-z0-9_-]{43}$`));

  const download = await call('GET', `/btp/v1/service_bindings/${bindingId}/key`);
  assert.match(String(download.headers['content-disposition']), /attachment; filename="monitoring-key.json"/);
  const key = download.json();
  const report = validateServiceKey(download.text, { tenantIdentityZone: subdomain });
  assert.equal(report.valid, true, JSON.stringify(report.errors));
  assert.deepEqual(report.warnings, [], 'a calm-keys key is accepted quietly');
  const cf = (await call('GET', `/btp/v1/service_bindings/${bindingId}/key?format=cf`)).json();
  assert.deepEqual(cf, { credentials: key });

  const x509 = await call('POST', '/btp/v1/service_bindings', {
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

  const list = (await call('GET', '/btp/v1/service_bindings')).json();
  assert.ok(!JSON.stringify(list).includes(key.uaa.clientsecret), 'listing bindings never shows credentials');

  assert.equal((await call('DELETE', `/btp/v1/service_bindings/${bindingId}`)).status, 204);
  const refused = await t.http.call('POST', '/oauth/token', {
    rawBody: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: key.uaa.clientid,
      client_secret: key.uaa.clientsecret,
    }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.deepEqual([refused.status, refused.json().error], [401, 'invalid_client']);

  assert.equal((await call('DELETE', `/btp/v1/service_instances/${inst.id}`)).status, 204);
  assert.equal(
    (await call('GET', `/btp/v1/service_bindings/${x509.json().id}`)).status,
    404,
    'deleting an instance deletes its bindings',
  );
});

test("another subaccount's administrator gets 404 for everything of this one", async () => {
  const { sub } = await subaccount();
  const inst = (await call('POST', '/btp/v1/service_instances', { name: 'private', subaccount_id: sub })).json();
  const binding = (await call('POST', '/btp/v1/service_bindings', { name: 'k1', service_instance_id: inst.id })).json();
  const other = await subaccount();
  await call('POST', '/access/v1/users', { username: 'other-admin', password: 'other-password-1' });
  await grant('other-admin', 'SubaccountAdministrator', other.sub);
  const cookie = await signIn(t.http, 'other-admin', 'other-password-1');
  const probes: [string, string, unknown?][] = [
    ['GET', `/btp/v1/subaccounts/${sub}`],
    ['POST', `/btp/v1/subaccounts/${sub}/cloud_alm`, {}],
    ['POST', '/btp/v1/service_instances', { name: 'x', subaccount_id: sub }],
    ['GET', `/btp/v1/service_instances/${inst.id}`],
    ['DELETE', `/btp/v1/service_instances/${inst.id}`],
    ['POST', '/btp/v1/service_bindings', { name: 'x', service_instance_id: inst.id }],
    ['GET', `/btp/v1/service_bindings/${binding.id}`],
    ['GET', `/btp/v1/service_bindings/${binding.id}/key`],
    ['DELETE', `/btp/v1/service_bindings/${binding.id}`],
  ];
  for (const [method, path, body] of probes) {
    const res = await t.http.call(method, path, { cookie, ...(body === undefined ? {} : { body }) });
    assert.equal(res.status, 404, `${method} ${path}: ${res.status} ${res.text}`);
  }
  const lists = [
    await t.http.call('GET', '/btp/v1/service_instances', { cookie }),
    await t.http.call('GET', '/btp/v1/service_bindings', { cookie }),
  ];
  for (const res of lists) assert.ok(!res.text.includes(inst.id) && !res.text.includes(binding.id));
  assert.equal(
    (await call('GET', `/btp/v1/service_bindings/${binding.id}`)).status,
    200,
    'still there for its own administrator',
  );
});

test('bad input: 4xx naming the field, and nothing partial is stored', async () => {
  const { sub } = await subaccount();
  const cases: [unknown, number, string][] = [
    [{ name: 'has spaces in it', subaccount_id: sub }, 400, 'name'],
    [{ name: 'x'.repeat(33), subaccount_id: sub }, 400, 'name'],
    [
      {
        name: 'ok',
        subaccount_id: sub,
        parameters: { 'xs-security': { 'oauth2-configuration': { 'credential-types': ['password'] } } },
      },
      400,
      'parameters.xs-security.oauth2-configuration.credential-types[0]',
    ],
    [
      { name: 'ok', subaccount_id: sub, parameters: { 'xs-security': { authorities: 'not-an-array' } } },
      400,
      'parameters.xs-security.authorities',
    ],
  ];
  for (const [body, status, path] of cases) {
    const res = await call('POST', '/btp/v1/service_instances', body);
    assert.equal(res.status, status, res.text);
    assert.ok(
      res.json().error.details.some((d: { path: string }) => d.path === path),
      `${path} in ${res.text}`,
    );
  }
  const malformed = await t.http.call('POST', '/btp/v1/service_instances', {
    cookie: admin,
    rawBody: '{"name": "x", "parameters": {',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(malformed.status, 400);
  const oversize = await call('POST', '/btp/v1/service_instances', {
    name: 'big',
    subaccount_id: sub,
    parameters: { pad: 'x'.repeat(300 * 1024) },
  });
  assert.equal(oversize.status, 413);
  assert.equal(
    (await call('GET', '/btp/v1/service_instances'))
      .json()
      .items.filter((i: { subaccount_id: string }) => i.subaccount_id === sub).length,
    0,
    'no instance stored',
  );

  const inst = (await call('POST', '/btp/v1/service_instances', { name: 'only-secrets', subaccount_id: sub })).json();
  const badType = await call('POST', '/btp/v1/service_bindings', {
    name: 'k',
    service_instance_id: inst.id,
    parameters: { 'credential-type': 'x509' },
  });
  assert.equal(badType.status, 400);
  assert.equal(badType.json().error.details[0].path, 'parameters.credential-type');
  const unknownType = await call('POST', '/btp/v1/service_bindings', {
    name: 'k',
    service_instance_id: inst.id,
    parameters: { 'credential-type': 'password' },
  });
  assert.equal(unknownType.status, 400);
  const reserved = await call('POST', '/btp/v1/service_bindings', { name: 'ABC_001_00', service_instance_id: inst.id });
  assert.equal(reserved.json().error.code, 'btp.reserved_binding_name');

  // A failing XSUAA step rolls the binding back: remove the instance's OAuth client behind its back.
  await t.server.store.db.deleteFrom('oauth_clients').where('client_id', '=', inst.client_id).execute();
  const failing = await call('POST', '/btp/v1/service_bindings', { name: 'k', service_instance_id: inst.id });
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
    const bindings = (await demo.http.call('GET', '/btp/v1/service_bindings', { cookie })).json().items;
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
