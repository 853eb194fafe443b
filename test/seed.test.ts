/**
 * `serve --seed` on the real server over HTTPS (SQLite and PostgreSQL): the seeded key's fixed secret gets a
 * token at /oauth/token that the Cloud ALM API accepts (a metrics push to the seeded managed service), the
 * tenant's Landscape Management slot holds the seeded key, a seeded user signs in with its roles, and a second
 * start on the same data creates nothing twice. Then, once (no database is opened): a bad seed stops the start
 * naming each path, and an unset `${VAR}` names the variable and the path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededXsappname, MASTER_XSAPPNAME } from '../src/btp/index.js';
import { isDomainError } from '../src/shared/index.js';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { withPostgresSchema } from './support/serve-process.js';
import { signIn, startTestServer, type TestServer } from './support/server.js';
import { ADMIN_PASSWORD, otlpGauges } from './support/landscape.js';

const FIXED_SECRET = 'ci-fixed-secret-0123456789';
const CI_USER_PASSWORD = 'ci-user-password-from-env';

/** The example, with what a CI run adds: a fixed xsappname, the slot's key, a service, a system, a user. */
const SEED = `
subaccounts:
  - name: acme
    subdomain: acme-calm
    region: eu10
    cloudAlm:
      provisionedOn: 2024-01-15
      landscapeKey: ci-key
      services:
        - { name: CI Collector, objectType: S4HANA Cloud, monitoring: true }
      systems:
        - { name: CI System, objectType: ABAP, externalId: CI1 }
    instances:
      - name: ci-api
        xsappname: ci-api
        bindings:
          - { name: ci-key, clientsecret: "\${CI_KEY_SECRET}" }
          - { name: ci-x509, credentialType: x509 }
users:
  - username: ci-operator
    password: "\${CI_USER_PASSWORD}"
    roles:
      - { role: x_landscape_Administrator, subaccount: acme }
`;

const CLIENT_ID = `sb-${seededXsappname('ci-api')}|${MASTER_XSAPPNAME}`;

function seedFile(text: string, name = 'landscape.yaml'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'calm-keys-seed-')), name);
  writeFileSync(file, text);
  return file;
}

async function token(t: TestServer, clientId: string, secret: string) {
  return t.http.call('POST', '/oauth/token', {
    rawBody: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secret,
    }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

/** Counts of what the administrator sees, to compare a first start with a second one. */
async function inventory(t: TestServer, cookie: string) {
  const subaccounts = (await t.http.call('GET', '/btp/v1/subaccounts', { cookie })).json();
  const instances = (await t.http.call('GET', '/v1/service_instances', { cookie })).json();
  const bindings = (await t.http.call('GET', '/v1/service_bindings', { cookie })).json();
  const users = (await t.http.call('GET', '/access/v1/users', { cookie })).json();
  const tenantId = (await t.http.call('GET', '/lm/v1/tenants', { cookie })).json().items[0].tenantId as string;
  const objects = (await t.http.call('GET', `/lm/v1/tenants/${tenantId}/managed-objects`, { cookie })).json();
  return {
    subaccounts: (subaccounts.items ?? subaccounts).length as number,
    instances: (instances.items as { name: string }[]).map((i) => i.name).sort(),
    bindings: (bindings.items as { name: string }[]).map((b) => b.name).sort(),
    users: (users.users as { username: string }[]).map((u) => u.username).sort(),
    objects: (objects.items as { name: string }[]).map((o) => o.name).sort(),
    tenantId,
  };
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: a seeded landscape serves its fixed key and its user, and a second start creates nothing twice`, async () => {
    const file = seedFile(SEED);
    const dataDir = mkdtempSync(join(tmpdir(), 'calm-keys-seed-data-'));
    const run = async (databaseUrl: string | undefined) => {
      const env = {
        CALM_KEYS_DATA_DIR: dataDir,
        CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD,
        CALM_KEYS_SEED: file,
        CI_KEY_SECRET: FIXED_SECRET,
        CI_USER_PASSWORD,
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      };
      const t = await startTestServer({ env });
      let first: Awaited<ReturnType<typeof inventory>>;
      try {
        assert.match(
          t.announcement(),
          /seed: .*landscape\.yaml: created 1 global account, 1 subaccount, 1 tenant, 1 instance, 2 bindings, 1 landscape key, 2 managed objects, 1 user\n/,
        );
        assert.doesNotMatch(t.announcement(), /demo landscape/, 'a seed replaces the demo landscape');
        assert.doesNotMatch(t.announcement(), new RegExp(FIXED_SECRET));

        // the fixed secret with the client id a fixed xsappname gives: a token the Cloud ALM API accepts
        const issued = await token(t, CLIENT_ID, FIXED_SECRET);
        assert.equal(issued.status, 200, issued.text);
        assert.equal((await token(t, CLIENT_ID, `${FIXED_SECRET}x`)).status, 401);

        const operator = await signIn(t.http, 'ci-operator', CI_USER_PASSWORD);
        const admin = await signIn(t.http, 'admin', ADMIN_PASSWORD);
        first = await inventory(t, admin);
        const objects = (
          await t.http.call('GET', `/lm/v1/tenants/${first.tenantId}/managed-objects`, { cookie: operator })
        ).json();
        assert.equal(objects.actions.manage, true, 'the seeded role lets the user manage the landscape');
        const service = (objects.items as { id: string; name: string; monitoringEnabled: boolean }[]).find(
          (o) => o.name === 'CI Collector',
        )!;
        assert.equal(service.monitoringEnabled, true);
        const pushed = await t.http.call('POST', `/api/calm-metrics/v1/metrics?serviceId=${service.id}`, {
          headers: { authorization: `Bearer ${issued.json().access_token}` },
          body: otlpGauges([{ name: 'cpu.utilization', value: 42 }]),
        });
        assert.ok(pushed.status >= 200 && pushed.status < 300, `${pushed.status} ${pushed.text}`);
        // a user the seed gave no Security Administrator role does not see the key
        const operatorSlot = await t.http.call('GET', `/lm/v1/tenants/${first.tenantId}/service-key`, {
          cookie: operator,
        });
        assert.equal(operatorSlot.status, 403);

        // the slot holds the seeded key, not the one the provisioning date generated
        const slot = (
          await t.http.call('GET', `/lm/v1/tenants/${first.tenantId}/service-key`, { cookie: admin })
        ).json();
        assert.equal(slot.slot, 'filled');
        assert.equal(slot.key.summary.clientId, CLIENT_ID);
        assert.equal(slot.key.fileName, 'ci-key.json');
        assert.deepEqual(first.instances, ['SAP_Cloud_ALM_API', 'ci-api']);
        assert.deepEqual(first.bindings, ['ALM_001_00', 'ci-key', 'ci-x509']);
        assert.deepEqual(first.objects, ['CI Collector', 'CI System']);
        assert.deepEqual(first.users, ['admin', 'ci-operator']);
        assert.equal(first.subaccounts, 1);
      } finally {
        await t.close();
      }

      // the same seed on the same data: nothing new, the same key still works
      const again = await startTestServer({ env });
      try {
        assert.match(again.announcement(), /seed: .*landscape\.yaml: everything in it exists already\n/);
        assert.equal((await token(again, CLIENT_ID, FIXED_SECRET)).status, 200);
        const admin = await signIn(again.http, 'admin', ADMIN_PASSWORD);
        assert.deepEqual(await inventory(again, admin), first);
        await signIn(again.http, 'ci-operator', CI_USER_PASSWORD);
      } finally {
        await again.close();
      }
    };
    if (kind.name === 'postgres') await withPostgresSchema(run);
    else await run(undefined);
  });
}

/** The details of the refusal a start with `seed` ends in, as "path: message". */
async function refusal(seed: string, env: Record<string, string> = {}, name?: string): Promise<string[]> {
  try {
    const t = await startTestServer({ env: { CALM_KEYS_SEED: seedFile(seed, name), ...env } });
    await t.close();
  } catch (error) {
    assert.ok(isDomainError(error), String(error));
    assert.equal(error.code, 'seed.invalid');
    return error.details.map((d) => `${d.path}: ${d.message}`);
  }
  assert.fail('the start should have been refused');
}

test('a bad seed stops the start naming each path; an unset ${VAR} names the variable and the path', async () => {
  const short = SEED.replace('"${CI_KEY_SECRET}"', '"short"');
  assert.deepEqual(await refusal(short, { CI_USER_PASSWORD }), [
    'subaccounts[0].instances[0].bindings[0].clientsecret: must be at least 20 characters',
  ]);
  assert.deepEqual(await refusal(SEED, { CI_USER_PASSWORD }), [
    'subaccounts[0].instances[0].bindings[0].clientsecret: the environment variable CI_KEY_SECRET is not set',
  ]);
  assert.deepEqual(
    await refusal(
      JSON.stringify({ subaccounts: [{ name: 'a', subdomain: 'A', cloudAlm: { landscapeKey: 'k' } }] }),
      {},
      'seed.json',
    ),
    [
      'subaccounts[0].subdomain: must be 1 to 63 lower-case letters, digits and "-", not starting with "-"',
      "subaccounts[0].cloudAlm.landscapeKey: names no binding of this subaccount's instances",
    ],
  );
});

test('a step the server refuses while seeding stops the start naming the entry, and leaves the port free', async () => {
  const x509WithoutTls = `subaccounts:
  - name: acme
    subdomain: acme-calm
    instances:
      - name: ci-api
        bindings:
          - { name: ci-cert, credentialType: x509 }
`;
  const port = 40000 + (process.pid % 20000);
  const env = { CALM_KEYS_SEED: seedFile(x509WithoutTls), CALM_KEYS_TLS: 'off', CALM_KEYS_PORT: String(port) };
  await assert.rejects(startTestServer({ env }), (error: unknown) => {
    assert.ok(isDomainError(error), String(error));
    assert.equal(error.code, 'seed.failed');
    assert.equal(error.details[0]?.path, 'subaccounts[0].instances[0].bindings[0]');
    assert.match(error.details[0]!.message, /\(btp\.x509_unavailable\)$/);
    return true;
  });
  // the refused start closed its listener: the same port serves the next start
  const next = await startTestServer({ env: { CALM_KEYS_TLS: 'off', CALM_KEYS_PORT: String(port) } });
  await next.close();
});
