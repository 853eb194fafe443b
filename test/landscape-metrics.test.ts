/**
 * The people-facing read of pushed metrics, GET /lm/v1/tenants/{tenantId}/managed-objects/{id}/metrics (the
 * web UI's chart): what a managed service pushed to the Cloud ALM API with the tenant's key, for any
 * Landscape Management role of the tenant; windows by period or from/to; names narrowed with `metrics`;
 * others' tenants and objects are not found. Runs on SQLite and PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { signIn, startTestServer } from './support/server.js';
import { ADMIN_PASSWORD, emptyTenant, otlpGauges, tokenFor, userWithRoles } from './support/landscape.js';

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: the metrics chart reads what a managed service pushed, for Landscape Management roles only`, async () => {
    const t = await startTestServer({ database: kind.name, env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
    try {
      const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
      const tenantId = (await t.http.call('GET', '/lm/v1/tenants', { cookie })).json().items[0].tenantId as string;
      const serviceId = (await t.http.call('GET', `/lm/v1/tenants/${tenantId}/managed-objects`, { cookie })).json()
        .items[0].id as string;
      const subaccountId = (await t.http.call('GET', '/btp/v1/subaccounts', { cookie })).json().items[0].id as string;
      const bindings = await t.http.call('GET', `/v1/service_bindings?subaccount_id=${subaccountId}`, { cookie });
      const bindingId = bindings.json().items[0].id as string;
      const keyText = (await t.http.call('GET', `/btp/v1/service_bindings/${bindingId}/key`, { cookie })).text;

      const now = Date.now();
      const pushed = await t.http.call('POST', `/api/calm-metrics/v1/metrics?serviceId=${serviceId}`, {
        token: await tokenFor(t, keyText),
        body: otlpGauges([
          { name: 'cpu', value: 10, at: new Date(now - 3 * 3_600_000) },
          { name: 'cpu', value: 20, at: new Date(now - 30 * 60_000) },
          { name: 'cpu', value: 30, at: new Date(now - 60_000) },
          { name: 'memory', value: 55, at: new Date(now - 60_000), unit: 'By' },
        ]),
      });
      assert.equal(pushed.status, 200, pushed.text);

      const path = `/lm/v1/tenants/${tenantId}/managed-objects/${serviceId}/metrics`;
      const lastHour = await t.http.call('GET', path, { cookie });
      assert.equal(lastHour.status, 200, lastHour.text);
      const body = lastHour.json();
      assert.equal(body.name, 'Demo SAP S/4HANA Cloud');
      assert.deepEqual(body.metrics, ['cpu', 'memory']);
      assert.deepEqual(
        body.points.filter((p: { name: string }) => p.name === 'cpu').map((p: { value: number }) => p.value),
        [20, 30],
        'default window: 60 minutes',
      );
      assert.equal(body.points.find((p: { name: string }) => p.name === 'memory').unit, 'By');
      assert.equal(body.truncated, false);
      assert.ok(Date.parse(body.to) - Date.parse(body.from) === 3_600_000);

      const day = (await t.http.call('GET', `${path}?period=24H&metrics=cpu`, { cookie })).json();
      assert.deepEqual(
        day.points.map((p: { value: number }) => p.value),
        [10, 20, 30],
      );
      assert.deepEqual(day.metrics, ['cpu']);
      const range = (
        await t.http.call(
          'GET',
          `${path}?from=${new Date(now - 4 * 3_600_000).toISOString()}&to=${new Date(now - 2 * 3_600_000).toISOString()}`,
          { cookie },
        )
      ).json();
      assert.deepEqual(
        range.points.map((p: { value: number }) => p.value),
        [10],
      );
      assert.equal((await t.http.call('GET', `${path}?limit=2&period=24H`, { cookie })).json().truncated, true);

      // bad windows, unknown objects
      assert.equal(
        (await t.http.call('GET', `${path}?period=soon`, { cookie })).json().error.code,
        'lm.metrics.bad_period',
      );
      assert.equal(
        (await t.http.call('GET', `${path}?period=60D`, { cookie })).json().error.code,
        'lm.metrics.window_too_long',
      );
      assert.equal(
        (await t.http.call('GET', `${path}?from=yesterday`, { cookie })).json().error.code,
        'lm.metrics.bad_time',
      );
      const unknown = await t.http.call('GET', `/lm/v1/tenants/${tenantId}/managed-objects/nope/metrics`, { cookie });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.json().error.code, 'lm.managed_object.not_found');
      assert.equal((await t.http.call('GET', path)).status, 401, 'people only: a session or an API token');

      // any Landscape Management role reads it (as it lists the objects); no role in the tenant: not found
      const viewer = await userWithRoles(t, cookie, 'lm-viewer', [{ role: 'x_landscape_Viewer', scopeId: tenantId }]);
      assert.equal((await t.http.call('GET', path, { cookie: viewer })).status, 200);
      const outsider = await userWithRoles(t, cookie, 'outsider', []);
      assert.equal((await t.http.call('GET', path, { cookie: outsider })).status, 404);
      // an object of another tenant is not found through this tenant
      const other = await emptyTenant(t, cookie);
      await t.http.call('POST', '/access/v1/users/admin/roles', {
        cookie: other.cookie,
        body: { role: 'x_landscape_Administrator', scopeId: other.tenantId },
      });
      const admin = await signIn(t.http, 'admin', ADMIN_PASSWORD);
      const foreign = await t.http.call('POST', `/lm/v1/tenants/${other.tenantId}/managed-objects`, {
        cookie: admin,
        body: { kind: 'service', name: 'Other service', objectType: 'S4HANA Cloud' },
      });
      assert.equal(foreign.status, 201, foreign.text);
      assert.equal(
        (
          await t.http.call('GET', `/lm/v1/tenants/${tenantId}/managed-objects/${foreign.json().id}/metrics`, {
            cookie: admin,
          })
        ).status,
        404,
      );
      assert.equal(
        (
          await t.http.call('GET', `/lm/v1/tenants/${other.tenantId}/managed-objects/${foreign.json().id}/metrics`, {
            cookie: admin,
          })
        ).json().points.length,
        0,
      );
    } finally {
      await t.close();
    }
  });
}
