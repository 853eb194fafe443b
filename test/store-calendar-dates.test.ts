/**
 * Impossible calendar dates are refused wherever a date is read, on the real server: a Cloud ALM tenant's
 * provisioning date, the from/to of the metrics chart and of the Cloud ALM API's reads, and the provisioning
 * cutoffs of the configuration. Before, `Date.parse` rolled 2023-02-30 over to 2023-03-02 and the value was
 * kept as sent. Dates do not depend on the database: SQLite only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDomainError } from '../src/shared/index.js';
import { signIn, startTestServer } from './support/server.js';
import { ADMIN_PASSWORD, tokenFor } from './support/landscape.js';

test('sqlite: 2023-02-30 as a provisioning date, a chart window or an API read window is 400 naming the field; 2024-02-29 works', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  try {
    let cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const ga = (await t.http.call('POST', '/btp/v1/global_accounts', { cookie, body: { name: 'Dates GA' } })).json()
      .id as string;
    await t.http.call('POST', '/access/v1/users/admin/roles', {
      cookie,
      body: { role: 'GlobalAccountAdministrator', scopeId: ga },
    });
    cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const subaccount = async (subdomain: string) =>
      (
        await t.http.call('POST', '/btp/v1/subaccounts', {
          cookie,
          body: { globalAccountId: ga, name: subdomain, subdomain, region: 'eu10' },
        })
      ).json().id as string;

    const sub = await subaccount('dates-feb-30');
    for (const [provisionedOn, pattern] of [
      ['2023-02-30', /provisionedOn: 2023-02-30 is not a day of the calendar: February 2023 has 28 days/],
      ['2023-02-29', /February 2023 has 28 days/],
      ['2023-13-01', /has no month 13/],
      ['2023-6-12', /expected a calendar date as YYYY-MM-DD/],
    ] as const) {
      const refused = await t.http.call('POST', `/btp/v1/subaccounts/${sub}/cloud_alm`, {
        cookie,
        body: { provisionedOn },
      });
      assert.equal(refused.status, 400, `${provisionedOn}: ${refused.text}`);
      const error = refused.json().error;
      assert.equal(error.code, 'btp.bad_date');
      assert.match(error.message, pattern);
      assert.deepEqual(
        error.details.map((d: { path: string }) => d.path),
        ['provisionedOn'],
      );
    }
    const leapDay = await t.http.call('POST', `/btp/v1/subaccounts/${sub}/cloud_alm`, {
      cookie,
      body: { provisionedOn: '2024-02-29' },
    });
    assert.equal(leapDay.status, 201, leapDay.text);
    assert.equal(leapDay.json().provisionedOn, '2024-02-29');

    // the metrics chart (Landscape Management) and the Cloud ALM API's read of the same data: one time-window rule
    const lmAdmin = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const tenantId = (await t.http.call('GET', '/lm/v1/tenants', { cookie: lmAdmin })).json().items[0]
      .tenantId as string;
    const serviceId = (
      await t.http.call('GET', `/lm/v1/tenants/${tenantId}/managed-objects`, { cookie: lmAdmin })
    ).json().items[0].id as string;
    const chart = `/lm/v1/tenants/${tenantId}/managed-objects/${serviceId}/metrics`;
    for (const [query, field] of [
      ['from=2023-02-30T00:00:00Z&to=2023-03-03T00:00:00Z', 'from'],
      ['from=2023-02-27T00:00:00Z&to=2023-02-29T12:00:00%2B01:00', 'to'],
      ['to=2024-01-01T10:00:00', 'to'],
      ['from=0', 'from'],
    ] as const) {
      const refused = await t.http.call('GET', `${chart}?${query}`, { cookie: lmAdmin });
      assert.equal(refused.status, 400, `${query}: ${refused.text}`);
      assert.equal(refused.json().error.code, 'lm.metrics.bad_time');
      assert.deepEqual(
        refused.json().error.details.map((d: { path: string }) => d.path),
        [field],
        query,
      );
      assert.match(refused.json().error.message, new RegExp(`^${field}: `));
    }
    assert.equal(
      (
        await t.http.call('GET', `${chart}?from=2024-02-29T00:00:00Z&to=2024-02-29T12:00:00%2B01:00`, {
          cookie: lmAdmin,
        })
      ).status,
      200,
    );

    const subaccountId = (await t.http.call('GET', '/btp/v1/subaccounts', { cookie: lmAdmin })).json().items[0]
      .id as string;
    const bindingId = (
      await t.http.call('GET', `/v1/service_bindings?subaccount_id=${subaccountId}`, { cookie: lmAdmin })
    ).json().items[0].id as string;
    const keyText = (await t.http.call('GET', `/btp/v1/service_bindings/${bindingId}/key`, { cookie: lmAdmin })).text;
    const token = await tokenFor(t, keyText);
    const apiRead = await t.http.call(
      'GET',
      `/api/calm-metrics/v1/metrics?provider=hm&format=calm-keys-json&serviceId=${serviceId}&from=2023-02-30T00:00:00Z`,
      { token },
    );
    assert.equal(apiRead.status, 400, apiRead.text);
    assert.deepEqual(
      apiRead.json().error.details.map((d: { path: string }) => d.path),
      ['from'],
    );
    assert.match(apiRead.json().error.message, /February 2023 has 28 days/);
  } finally {
    await t.close();
  }
});

test('a provisioning cutoff that is no day of the calendar stops the start, naming the variable', async () => {
  const outcome = await startTestServer({ env: { CALM_KEYS_AUTO_UPLOAD_FROM: '2023-02-30' } }).then(
    async (started) => {
      await started.close();
      return undefined;
    },
    (error: unknown) => error,
  );
  assert.ok(isDomainError(outcome), `the start is refused: ${String(outcome)}`);
  assert.match(outcome.message, /CALM_KEYS_AUTO_UPLOAD_FROM/);
  assert.deepEqual(
    outcome.details.map((d) => d.path),
    ['CALM_KEYS_AUTO_UPLOAD_FROM'],
  );
  assert.match(outcome.details[0]!.message, /2023-02-30 is not a day of the calendar: February 2023 has 28 days/);
});
