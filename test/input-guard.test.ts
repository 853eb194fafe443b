/**
 * Inputs no route can store or process, on SQLite and PostgreSQL: the character U+0000 (PostgreSQL text
 * refuses it) in path parameters, queries, JSON bodies, form fields, a Basic header and a key file, and JSON
 * nested far too deep. Each is a 4xx naming where (RFC 6749 bodies at the token endpoint), never a 500, and
 * the server log holds no error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCatalogPlan } from '../src/btp/catalog.js';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { signIn, startTestServer } from './support/server.js';
import { ADMIN_PASSWORD, btpKey, emptyTenant, otlpGauges, slotPath, tokenFor, uploadRaw } from './support/landscape.js';

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: U+0000 and deep JSON are 4xx naming the path, never a 500`, async () => {
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false },
    });
    try {
      const tenant = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
      await t.http.call('POST', '/access/v1/users/admin/roles', {
        cookie: tenant.cookie,
        body: { role: 'x_landscape_Administrator', scopeId: tenant.tenantId },
      });
      const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
      const key = await btpKey(t, cookie, tenant.subaccountId, 'guarded', ['metrics.write', 'landscape.write']);
      const token = await tokenFor(t, key.keyText);
      const service = (
        await t.http.call('POST', `/lm/v1/tenants/${tenant.tenantId}/managed-objects`, {
          cookie,
          body: { kind: 'service', name: 'svc', objectType: 'x' },
        })
      ).json().id as string;
      await t.http.call('POST', `/lm/v1/tenants/${tenant.tenantId}/managed-objects/${service}/monitoring`, {
        cookie,
        body: { enabled: true },
      });
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      const deep = (n: number) => '{"v":'.repeat(n) + '1' + '}'.repeat(n);

      const cases: [string, () => ReturnType<typeof t.http.call>, number, string | RegExp][] = [
        ['tenant id', () => t.http.call('GET', '/lm/v1/tenants/a%00b/service-key', { cookie }), 400, 'tenantId'],
        [
          'managed object id',
          () => t.http.call('GET', `/lm/v1/tenants/${tenant.tenantId}/managed-objects/a%00/metrics`, { cookie }),
          400,
          'id',
        ],
        ['binding id', () => t.http.call('GET', '/btp/v1/service_bindings/a%00b/key', { cookie }), 400, 'id'],
        ['audit filter', () => t.http.call('GET', '/audit/v1/events?tenantId=a%00b', { cookie }), 400, 'tenantId'],
        [
          'login name',
          () => t.http.call('POST', '/auth/v1/login', { body: { username: 'admin\u0000', password: 'x' } }),
          400,
          'username',
        ],
        [
          'object type',
          () =>
            t.http.call('POST', `/lm/v1/tenants/${tenant.tenantId}/managed-objects`, {
              cookie,
              body: { kind: 'service', name: 'n', objectType: 'a\u0000' },
            }),
          400,
          'objectType',
        ],
        [
          'api serviceId',
          () => t.http.call('GET', '/api/calm-metrics/v1/metrics?serviceId=a%00', { token }),
          400,
          'serviceId',
        ],
        [
          'api metric name',
          () =>
            t.http.call('POST', `/api/calm-metrics/v1/metrics?serviceId=${service}`, {
              token,
              body: otlpGauges([{ name: 'cpu\u0000', value: 1 }]),
            }),
          400,
          'resourceMetrics[0].scopeMetrics[0].metrics[0].name',
        ],
        [
          // a value the OTLP schema takes as it comes: only the guard stands between it and the database
          'api attribute value',
          () => {
            const body = otlpGauges([{ name: 'cpu', value: 1 }]) as {
              resourceMetrics: { resource: { attributes: { value: { stringValue: string } }[] } }[];
            };
            body.resourceMetrics[0]!.resource.attributes[0]!.value.stringValue = 'collector\u0000';
            return t.http.call('POST', `/api/calm-metrics/v1/metrics?serviceId=${service}`, { token, body });
          },
          400,
          'resourceMetrics[0].resource.attributes[0].value.stringValue',
        ],
        [
          'api registration',
          () =>
            t.http.call('POST', '/api/landscape-management/v1/Registration', {
              token,
              body: { SID: 'ABC', SAPDBHOST: 'h\u0000', SLICENSE: 'x' },
            }),
          400,
          'SAPDBHOST',
        ],
      ];
      for (const [label, call, status, path] of cases) {
        const res = await call();
        assert.equal(res.status, status, `${label}: ${res.text}`);
        if (path instanceof RegExp) assert.match(res.json().error.details[0].path, path, label);
        else assert.equal(res.json().error.details[0].path, path, `${label}: ${res.text}`);
      }

      // instance parameters nested too deep, at the Service Manager API: SAP's {error, description, code} has no
      // details, so the description names the path
      const plan = findCatalogPlan('SAPCloudALMAPIs', 'standard')!.plan.id;
      const tooDeep = await t.http.call(
        'POST',
        `/v1/service_instances?async=false&subaccount_id=${encodeURIComponent(tenant.subaccountId)}`,
        {
          cookie,
          rawBody: `{"name":"deep","service_plan_id":"${plan}","parameters":${deep(40_000)}}`,
          headers: { 'content-type': 'application/json' },
        },
      );
      assert.equal(tooDeep.status, 400, tooDeep.text);
      assert.equal(tooDeep.json().code, 'request.invalid_body', tooDeep.text);
      assert.match(tooDeep.json().description, /: parameters(\.v){63} nests deeper than 64 levels/, tooDeep.text);

      // the JWKS answers RFC 6749 bodies too, as declared (issue 16: it answered ErrorBody), naming the parameter
      const keys = await t.http.call('GET', '/token_keys?zid=a%00');
      assert.equal(keys.status, 400, keys.text);
      assert.equal(keys.json().error, 'invalid_request', keys.text);
      assert.match(keys.json().error_description, /zid/);

      // the token endpoint answers RFC 6749 bodies: a client id with U+0000 names no client
      const post = await t.http.call('POST', '/oauth/token', {
        rawBody: 'grant_type=client_credentials&client_id=a%00&client_secret=b',
        headers: form,
      });
      assert.equal(post.status, 401, post.text);
      assert.equal(post.json().error, 'invalid_client');
      const basic = await t.http.call('POST', '/oauth/token', {
        rawBody: 'grant_type=client_credentials',
        headers: { ...form, authorization: `Basic ${Buffer.from('a\u0000:b').toString('base64')}` },
      });
      assert.equal(basic.status, 401, basic.text);
      const query = await t.http.call('POST', '/oauth/token?client_id=a%00', {
        rawBody: 'grant_type=client_credentials',
        headers: form,
      });
      assert.equal(query.status, 400, query.text);
      assert.equal(query.json().error, 'invalid_request');

      // a key file whose client id holds U+0000 fails F3 at uaa.clientid
      const doc = JSON.parse(key.keyText);
      doc.uaa.clientid += '\u0000';
      const upload = await uploadRaw(t, cookie, tenant.tenantId, JSON.stringify(doc));
      assert.equal(upload.status, 400, upload.text);
      assert.deepEqual(
        upload.json().error.details.map((d: { rule: string; path: string }) => `${d.rule} ${d.path}`),
        ['F3 uaa.clientid'],
      );
      assert.equal((await t.http.call('GET', slotPath(tenant.tenantId), { cookie })).json().slot, 'empty');

      const errors = t.logs.filter((line) => line.includes('"level":50'));
      assert.deepEqual(errors, [], 'no error in the server log');
    } finally {
      await t.close();
    }
  });
}
