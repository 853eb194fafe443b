/**
 * The Cloud ALM API over HTTP on the real server (SQLite and PostgreSQL): a token from a binding with
 * `calm-api.metrics.write` pushes OTLP metrics that read back; without the scope 403 naming it; missing,
 * garbage, expired, wrongly signed, other-zone and revoked-before-expiry tokens behave as documented;
 * malformed and oversize payloads are 400/413 and store nothing; logs; ABAP registration and its LMS ID.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { fixedClock } from '../src/shared/index.js';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { signIn, startTestServer, type TestServer } from './support/server.js';
import { ADMIN_PASSWORD, btpKey, emptyTenant, otlpGauges, tokenFor } from './support/landscape.js';

const WRITE_READ = ['metrics.write', 'hm.write', 'metrics.read', 'hm.read', 'logs.write', 'logs.read'];
/** The read of one service's points in calm-keys' own JSON (alm-api/README.md, "Raw Data reads"). */
const pointsOf = (serviceId: string) =>
  `/calm-metrics/v1/metrics?provider=hm&format=calm-keys-json&serviceId=${serviceId}`;

async function managedService(t: TestServer, cookie: string, tenantId: string, enable = true): Promise<string> {
  const created = await t.http.call('POST', `/lm/v1/tenants/${tenantId}/managed-objects`, {
    cookie,
    body: { kind: 'service', name: 'SAP S/4HANA Cloud (test)', objectType: 'S4HANA Cloud' },
  });
  assert.equal(created.status, 201, created.text);
  if (enable) {
    const on = await t.http.call('POST', `/lm/v1/tenants/${tenantId}/managed-objects/${created.json().id}/monitoring`, {
      cookie,
      body: { enabled: true },
    });
    assert.equal(on.status, 200, on.text);
  }
  return created.json().id as string;
}

async function landscapeAdmin(t: TestServer, cookie: string, tenantId: string): Promise<string> {
  await t.http.call('POST', '/access/v1/users/admin/roles', {
    cookie,
    body: { role: 'x_landscape_Administrator', scopeId: tenantId },
  });
  return signIn(t.http, 'admin', ADMIN_PASSWORD);
}

const api = (t: TestServer, method: string, path: string, token: string | undefined, body?: unknown) =>
  t.http.call(method, `/api${path}`, {
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    ...(body === undefined ? {} : { body }),
  });

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: push metrics and logs with a key's token, read them back; scopes, zones, tokens, payload limits`, async () => {
    const clock = fixedClock(new Date());
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false, clock },
    });
    try {
      const tenant = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
      const cookie = await landscapeAdmin(t, tenant.cookie, tenant.tenantId);
      const serviceId = await managedService(t, cookie, tenant.tenantId);
      const writer = await btpKey(t, cookie, tenant.subaccountId, undefined, WRITE_READ);
      const token = await tokenFor(t, writer.keyText);

      // push and read back
      const pushed = await api(
        t,
        'POST',
        `/calm-metrics/v1/metrics?serviceId=${serviceId}`,
        token,
        otlpGauges([
          { name: 'cpu.utilization', value: 42.5, at: clock.now() },
          { name: 'memory.utilization', value: 61, at: clock.now() },
        ]),
      );
      assert.equal(pushed.status, 200, pushed.text);
      assert.equal(pushed.json().acceptedDataPoints, 2);
      const read = await api(t, 'GET', `${pointsOf(serviceId)}&metrics=cpu.utilization&period=60M`, token);
      assert.equal(read.status, 200, read.text);
      assert.equal(read.json().points.length, 1);
      assert.equal(read.json().points[0].value, 42.5);
      assert.equal(read.json().points[0].attributes.host, 'vm-1');
      assert.equal(read.json().points[0].attributes['service.name'], 'test-collector');

      // the LM Test's probe: an authenticated read without parameters is a 400 naming provider, not a 401
      const probe = await api(t, 'GET', '/calm-metrics/v1/metrics', token);
      assert.equal(probe.status, 400);
      assert.equal(probe.json().error.details[0].path, 'provider');

      // observed use in Landscape Management
      const objects = (
        await t.http.call('GET', `/lm/v1/tenants/${tenant.tenantId}/managed-objects`, { cookie })
      ).json();
      const svc = objects.items.find((o: { id: string }) => o.id === serviceId);
      assert.equal(svc.lastPush.clientId, JSON.parse(writer.keyText).uaa.clientid);

      // logs
      const logBody = {
        resourceLogs: [
          {
            scopeLogs: [
              {
                logRecords: [
                  {
                    timeUnixNano: String(BigInt(clock.now().getTime()) * 1_000_000n),
                    severityText: 'ERROR',
                    body: { stringValue: 'disk almost full' },
                  },
                ],
              },
            ],
          },
        ],
      };
      const logs = await api(
        t,
        'POST',
        `/calm-logs/v1/logs?useCase=HEALTH_MONITORING&serviceId=${serviceId}`,
        token,
        logBody,
      );
      assert.equal(logs.status, 200, logs.text);
      const logsRead = await api(
        t,
        'GET',
        `/calm-logs/v1/logs?provider=hm&serviceId=${serviceId}&period=60M&format=protobuf-json`,
        token,
      );
      assert.equal(logsRead.json().resourceLogs[0].scopeLogs[0].logRecords[0].body.stringValue, 'disk almost full');
      assert.equal(
        (await api(t, 'POST', `/calm-logs/v1/logs?serviceId=${serviceId}`, token, logBody)).json().error.details[0]
          .path,
        'useCase',
      );

      // no token, garbage, a person's API token: 401 with a Bearer challenge
      const none = await api(
        t,
        'POST',
        `/calm-metrics/v1/metrics?serviceId=${serviceId}`,
        undefined,
        otlpGauges([{ name: 'x', value: 1 }]),
      );
      assert.equal(none.status, 401);
      assert.match(String(none.headers['www-authenticate']), /^Bearer realm="calm-keys"$/);
      const garbage = await api(t, 'GET', pointsOf(serviceId), 'not.a.jwt');
      assert.equal(garbage.status, 401);
      assert.match(String(garbage.headers['www-authenticate']), /error="invalid_token"/);

      // a key without the write scope: 403 naming the scope, nothing stored
      const reader = await btpKey(t, cookie, tenant.subaccountId, undefined, ['metrics.read']);
      const readerToken = await tokenFor(t, reader.keyText);
      const denied = await api(
        t,
        'POST',
        `/calm-metrics/v1/metrics?serviceId=${serviceId}`,
        readerToken,
        otlpGauges([{ name: 'cpu.utilization', value: 1 }]),
      );
      assert.equal(denied.status, 403, denied.text);
      assert.match(denied.json().error.message, /sapcloudalm!b4711\.calm-api\.metrics\.write/);
      assert.match(
        String(denied.headers['www-authenticate']),
        /error="insufficient_scope", scope="sapcloudalm!b4711\.calm-api\.metrics\.write sapcloudalm!b4711\.calm-api\.hm\.write"/,
      );
      // a key with no Cloud ALM scope at all: its token is not meant for the API
      const plain = await btpKey(t, cookie, tenant.subaccountId);
      assert.equal((await api(t, 'GET', pointsOf(serviceId), await tokenFor(t, plain.keyText))).status, 401);

      // malformed and oversize payloads: 400 naming the field, 413; nothing stored
      const count = async () =>
        Number(
          (
            await t.server.store.db
              .selectFrom('alm_metric_points')
              .select((eb) => eb.fn.countAll<string | number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const bad = otlpGauges([{ name: 'cpu.utilization', value: 1 }]) as any;
      bad.resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].timeUnixNano = 'yesterday';
      const malformed = await api(t, 'POST', `/calm-metrics/v1/metrics?serviceId=${serviceId}`, token, bad);
      assert.equal(malformed.status, 400);
      assert.equal(
        malformed.json().error.details[0].path,
        'resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].timeUnixNano',
      );
      const noValue = otlpGauges([
        { name: 'a', value: 1 },
        { name: 'b', value: 2 },
      ]) as any;
      delete noValue.resourceMetrics[0].scopeMetrics[0].metrics[1].gauge.dataPoints[0].asDouble;
      const half = await api(t, 'POST', `/calm-metrics/v1/metrics?serviceId=${serviceId}`, token, noValue);
      assert.equal(half.status, 400, 'one bad point refuses the whole request');
      const tooMany = otlpGauges(Array.from({ length: 10_001 }, (_, i) => ({ name: `m${i % 7}`, value: i })));
      assert.equal(
        (await api(t, 'POST', `/calm-metrics/v1/metrics?serviceId=${serviceId}`, token, tooMany)).status,
        413,
      );
      const huge = await t.http.call('POST', `/api/calm-metrics/v1/metrics?serviceId=${serviceId}`, {
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        rawBody: JSON.stringify({ resourceMetrics: [], pad: 'x'.repeat(5 * 1024 * 1024) }),
      });
      assert.equal(huge.status, 413);
      assert.equal(await count(), before, 'nothing stored by refused requests');

      // monitoring not enabled, unknown service
      const idle = await managedService(t, cookie, tenant.tenantId, false);
      assert.equal(
        (
          await api(
            t,
            'POST',
            `/calm-metrics/v1/metrics?serviceId=${idle}`,
            token,
            otlpGauges([{ name: 'x', value: 1 }]),
          )
        ).json().error.code,
        'alm.monitoring_disabled',
      );
      assert.equal(
        (await api(t, 'POST', '/calm-metrics/v1/metrics?serviceId=nope', token, otlpGauges([{ name: 'x', value: 1 }])))
          .status,
        404,
      );

      // another tenant's token cannot reach this tenant's service: tenants come from the token's zone
      const other = await emptyTenant(t, cookie);
      const otherKey = await btpKey(t, other.cookie, other.subaccountId, undefined, WRITE_READ);
      const otherToken = await tokenFor(t, otherKey.keyText);
      assert.equal((await api(t, 'GET', pointsOf(serviceId), otherToken)).status, 404);
      assert.equal(
        (
          await api(
            t,
            'POST',
            `/calm-metrics/v1/metrics?serviceId=${serviceId}`,
            otherToken,
            otlpGauges([{ name: 'x', value: 1 }]),
          )
        ).status,
        404,
      );

      // wrongly signed: same header and claims, another key
      const { privateKey } = await generateKeyPair('RS256');
      const forged = await new SignJWT(decodeJwt(token) as never)
        .setProtectedHeader(decodeProtectedHeader(token) as never)
        .sign(privateKey);
      const forgedRes = await api(t, 'GET', pointsOf(serviceId), forged);
      assert.equal(forgedRes.status, 401);
      assert.match(forgedRes.json().error.message, /signature/);

      // revoked before expiry: deleting the binding stops new tokens at once; an issued token lives until exp (as XSUAA)
      assert.equal(
        (await t.http.call('DELETE', `/v1/service_bindings/${writer.bindingId}?async=false`, { cookie })).status,
        200,
      );
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: JSON.parse(writer.keyText).uaa.clientid,
        client_secret: writer.secret,
      });
      assert.equal(
        (
          await t.http.call('POST', '/oauth/token', {
            rawBody: form.toString(),
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          })
        ).status,
        401,
      );
      assert.equal((await api(t, 'GET', pointsOf(serviceId), token)).status, 200);

      // expired: the clock passes exp
      clock.advance((Number(decodeJwt(token).exp) - Math.floor(clock.now().getTime() / 1000) + 1) * 1000);
      const expired = await api(t, 'GET', pointsOf(serviceId), token);
      assert.equal(expired.status, 401);
      assert.match(expired.json().error.message, /expired/);
    } finally {
      await t.close();
    }
  });
}

test('ABAP registration returns an LMS ID (the same on re-registration), needs SAPDBHOST and SLICENSE and calm-api.landscape.write', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD }, start: { demo: false } });
  try {
    const tenant = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
    const cookie = await landscapeAdmin(t, tenant.cookie, tenant.tenantId);
    const token = await tokenFor(
      t,
      (await btpKey(t, cookie, tenant.subaccountId, undefined, ['landscape.write'])).keyText,
    );
    const body = {
      SID: 'S4H',
      SAPDBHOST: 'vhs4hdb.example.invalid',
      SLICENSE: '0020270862',
      systemName: 'S/4HANA production',
    };
    const first = await api(t, 'POST', '/landscape-management/v1/Registration', token, body);
    assert.equal(first.status, 200, first.text);
    assert.match(first.json().lmsId, /^[0-9A-F]{32}$/);
    const again = await api(t, 'POST', '/landscape-management/v1/Registration', token, body);
    assert.equal(again.json().lmsId, first.json().lmsId);
    assert.equal(again.json().created, false);
    const missing = await api(t, 'POST', '/landscape-management/v1/Registration', token, {
      SID: 'S4H',
      SAPDBHOST: 'h',
    });
    assert.equal(missing.status, 400);
    assert.equal(missing.json().error.details[0].path, 'SLICENSE');
    const listed = (await t.http.call('GET', `/lm/v1/tenants/${tenant.tenantId}/managed-objects`, { cookie })).json()
      .items;
    assert.equal(listed.length, 1);
    assert.equal(listed[0].lmsId, first.json().lmsId);
    assert.equal(listed[0].source, 'registration');
    const monitoringOnly = await tokenFor(
      t,
      (await btpKey(t, cookie, tenant.subaccountId, undefined, ['metrics.write'])).keyText,
    );
    assert.equal((await api(t, 'POST', '/landscape-management/v1/Registration', monitoringOnly, body)).status, 403);
  } finally {
    await t.close();
  }
});

test('authentication before routing: an unknown path or method under /api is 401 without a valid token and 404 only with one', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD }, start: { demo: false } });
  try {
    const tenant = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
    const token = await tokenFor(
      t,
      (await btpKey(t, tenant.cookie, tenant.subaccountId, undefined, ['metrics.write'])).keyText,
    );
    const unknown: [string, string, unknown?][] = [
      ['GET', '/api/nope'],
      ['GET', '/api/'],
      ['GET', '/api/calm-metrics/v1/nope'],
      ['HEAD', '/api/calm-metrics/v2/metrics'],
      ['PUT', '/api/calm-metrics/v1/metrics', { a: 1 }],
      ['POST', '/api/nope', { a: 1 }],
      ['DELETE', '/api/landscape-management/v1/Registration'],
    ];
    for (const [method, path, body] of unknown) {
      const label = `${method} ${path}`;
      const anonymous = await t.http.call(method, path, body === undefined ? {} : { body });
      assert.equal(anonymous.status, 401, `${label} without a token: ${anonymous.text}`);
      assert.match(String(anonymous.headers['www-authenticate']), /^Bearer realm="calm-keys"/, label);
      const garbage = await t.http.call(method, path, {
        headers: { authorization: 'Bearer not.a.jwt' },
        ...(body === undefined ? {} : { body }),
      });
      assert.equal(garbage.status, 401, `${label} with a bad token`);
      const authenticated = await t.http.call(method, path, {
        headers: { authorization: `Bearer ${token}` },
        ...(body === undefined ? {} : { body }),
      });
      assert.equal(authenticated.status, 404, `${label} with a valid token: ${authenticated.text}`);
      if (method !== 'HEAD') assert.equal(authenticated.json().error.code, 'route.not_found', label);
    }
    // the session cookie of a person is no credential here either
    assert.equal((await t.http.call('GET', '/api/nope', { cookie: tenant.cookie })).status, 401);
  } finally {
    await t.close();
  }
});
