/**
 * The landscape reads of the Cloud ALM API over HTTP on the real server (SQLite and PostgreSQL), as SAP's CALM_LMS
 * and CALM_BSM answer them: landscape objects with SAP's filters and paging, the properties of one, service status
 * events recorded by a Landscape Administrator (REST) and derived from a missing push, the scopes
 * (landscape.read, bsm.read: 403 insufficient_scope without), and no token of tenant B seeing tenant A.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/shared/index.js';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { signIn, startTestServer, type TestServer } from './support/server.js';
import { ADMIN_PASSWORD, btpKey, emptyTenant, otlpGauges, tokenFor } from './support/landscape.js';

const READER = ['landscape.read', 'bsm.read', 'metrics.write', 'hm.write', 'landscape.write'];

const api = (t: TestServer, path: string, token: string, method = 'GET', body?: unknown) =>
  t.http.call(method, `/api${path}`, {
    headers: { authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { body }),
  });

/** A tenant with the admin as Landscape Administrator, two managed objects, and a reading key's token. */
async function landscape(t: TestServer) {
  const tenant = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
  await t.http.call('POST', '/access/v1/users/admin/roles', {
    cookie: tenant.cookie,
    body: { role: 'x_landscape_Administrator', scopeId: tenant.tenantId },
  });
  const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
  const lm = (method: string, path: string, body?: unknown) =>
    t.http.call(method, `/lm/v1/tenants/${tenant.tenantId}${path}`, { cookie, ...(body ? { body } : {}) });
  const service = (
    await lm('POST', '/managed-objects', { kind: 'service', name: 'Sales Cloud', objectType: 'SAP_C4C' })
  ).json();
  const system = (
    await lm('POST', '/managed-objects', { kind: 'system', name: 'S4H', objectType: 'ABAP', externalId: 'S4H@db-1' })
  ).json();
  assert.equal((await lm('POST', `/managed-objects/${system.id}/monitoring`, { enabled: true })).status, 200);
  const key = await btpKey(t, cookie, tenant.subaccountId, undefined, READER);
  return { ...tenant, cookie, lm, service, system, token: await tokenFor(t, key.keyText) };
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: landscape objects, properties and status events with a key's token; scopes; tenants apart`, async () => {
    const clock = fixedClock(new Date('2026-12-01T10:00:00.000Z'));
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false, clock },
    });
    try {
      const a = await landscape(t);

      // landscape objects: SAP's shape, by name, every managed object with an LMS ID
      const all = await api(t, '/calm-landscape/v1/landscapeObjects', a.token);
      assert.equal(all.status, 200, all.text);
      assert.deepEqual(
        all.json().map((o: { name: string; objectType: string }) => [o.name, o.objectType]),
        [
          ['S4H', 'TechnicalSystem'],
          ['Sales Cloud', 'CloudService'],
        ],
      );
      const s4h = all.json()[0];
      assert.match(s4h.lmsId, /^[0-9A-F]{32}$/);
      assert.equal(s4h.serviceType, 'ABAP');
      assert.equal(s4h.source, 'MANUAL');
      assert.equal(s4h.externalId, 'S4H@db-1');
      const only = async (query: string) =>
        (await api(t, `/calm-landscape/v1/landscapeObjects?${query}`, a.token))
          .json()
          .map((o: { name: string }) => o.name);
      assert.deepEqual(await only('objectType=CloudService'), ['Sales Cloud']);
      assert.deepEqual(await only('name=S4H'), ['S4H']);
      assert.deepEqual(await only(`lmsId=${s4h.lmsId}`), ['S4H']);
      assert.deepEqual(await only('externalId=S4H%40db-1&serviceType=ABAP&source=MANUAL'), ['S4H']);
      assert.deepEqual(await only('role=PROD'), []);
      assert.deepEqual(await only('limit=1&offset=1'), ['Sales Cloud']);
      assert.equal((await api(t, '/calm-landscape/v1/landscapeObjects?limit=0', a.token)).status, 400);

      // Registration of the manually created system keeps the LMS ID clients saw
      const registered = await api(t, '/landscape-management/v1/Registration', a.token, 'POST', {
        SID: 'S4H',
        SAPDBHOST: 'db-1',
        SLICENSE: 'INST-1',
      });
      assert.equal(registered.status, 200, registered.text);
      assert.equal(registered.json().lmsId, s4h.lmsId);

      // properties of one object
      const props = await api(t, `/calm-landscape/v1/properties?lmsId=${s4h.lmsId}`, a.token);
      assert.equal(props.status, 200, props.text);
      const byName = Object.fromEntries(props.json().map((p: { name: string; value: string }) => [p.name, p.value]));
      assert.equal(byName.name, 'S4H');
      assert.equal(byName.monitoringEnabled, 'true');
      const missing = await api(t, '/calm-landscape/v1/properties', a.token);
      assert.equal(missing.status, 400);
      assert.equal(missing.json().error.code, 'alm.lms_id_missing');
      const unknown = await api(t, '/calm-landscape/v1/properties?lmsId=0000', a.token);
      assert.equal(unknown.status, 404);
      assert.equal(unknown.json().error.code, 'alm.landscape_object.not_found');

      // status events recorded by the Landscape Administrator
      const maintenance = await a.lm('POST', '/status-events', {
        objectId: a.service.id,
        eventType: 'Maintenance',
        title: 'Upgrade to 2611',
        startTime: '2026-12-01T12:00:00Z',
        endTime: '2026-12-01T14:00:00+00:00',
      });
      assert.equal(maintenance.status, 201, maintenance.text);
      const degradation = await a.lm('POST', '/status-events', {
        objectId: a.system.id,
        eventType: 'Degradation',
        title: 'Slow dialog response',
      });
      assert.equal(degradation.status, 201, degradation.text);
      const changed = await a.lm('PATCH', `/status-events/${degradation.json().id}`, { description: 'DB host busy' });
      assert.equal(changed.status, 200, changed.text);
      const events = await api(t, '/bsm-service/v1/events', a.token);
      assert.equal(events.status, 200, events.text);
      assert.deepEqual(
        events.json().map((e: { eventName: string }) => e.eventName),
        ['Upgrade to 2611', 'Slow dialog response'],
      );
      const upgrade = events.json()[0];
      assert.equal(upgrade.eventType, 'Maintenance');
      assert.equal(upgrade.eventStartTime, '2026-12-01T12:00:00.000Z');
      assert.equal(upgrade.eventEndTime, '2026-12-01T14:00:00.000Z');
      assert.equal(upgrade.serviceName, 'Sales Cloud');
      assert.equal(upgrade.type, 'CloudService');
      assert.equal(upgrade.eventStatus, 'Open');
      const names = async (query: string) =>
        (await api(t, `/bsm-service/v1/events?${query}`, a.token))
          .json()
          .map((e: { eventName: string }) => e.eventName);
      assert.deepEqual(await names('eventType=Degradation'), ['Slow dialog response']);
      assert.deepEqual(await names('type=TechnicalSystem'), ['Slow dialog response']);
      assert.deepEqual(await names('serviceName=Sales%20Cloud'), ['Upgrade to 2611']);
      assert.deepEqual(await names('type=BusinessService'), []);
      assert.deepEqual(await names('startTime=2026-12-01T15:00:00Z'), ['Slow dialog response']);
      assert.deepEqual(await names('endTime=2026-12-01T11:00:00Z'), ['Slow dialog response']);
      assert.deepEqual(await names('period=60M'), ['Slow dialog response']);
      assert.deepEqual(await names('limit=1&offset=1'), ['Slow dialog response']);
      assert.equal((await api(t, '/bsm-service/v1/events?eventType=Outage', a.token)).status, 400);
      assert.equal(
        (await api(t, '/bsm-service/v1/events?startTime=yesterday', a.token)).json().error.code,
        'alm.bad_time',
      );

      // closing: a closed event stays, as history, and is not changed again
      const closed = await a.lm('POST', `/status-events/${degradation.json().id}/close`);
      assert.equal(closed.status, 200, closed.text);
      assert.equal(closed.json().status, 'closed');
      assert.equal(closed.json().endTime, clock.now().toISOString());
      const again = await a.lm('POST', `/status-events/${degradation.json().id}/close`);
      assert.equal(again.status, 409);
      assert.equal(again.json().error.code, 'lm.status_event.not_open');
      assert.equal((await names('eventType=Degradation'))[0], 'Slow dialog response');

      // derived: monitoring on, last push older than 15 minutes -> an open Disruption; data again -> gone
      const push = () =>
        api(
          t,
          `/calm-metrics/v1/metrics?serviceId=${a.system.id}`,
          a.token,
          'POST',
          otlpGauges([{ name: 'cpu', value: 1, at: clock.now() }]),
        );
      assert.equal((await push()).status, 200);
      clock.advance(14 * 60_000);
      assert.deepEqual(await names('eventType=Disruption'), []);
      clock.advance(2 * 60_000);
      const disruption = (await api(t, '/bsm-service/v1/events?eventType=Disruption', a.token)).json();
      assert.equal(disruption.length, 1);
      assert.equal(disruption[0].eventName, 'No data received from S4H for 15 minutes');
      assert.equal(disruption[0].eventStatus, 'Open');
      assert.equal(disruption[0].lmsId, s4h.lmsId);
      const people = (await a.lm('GET', '/status-events?status=open')).json();
      const derived = people.items.find((e: { source: string }) => e.source === 'derived');
      assert.equal(derived.title, 'No data received from S4H for 15 minutes');
      assert.equal(
        (await a.lm('POST', `/status-events/${derived.id}/close`)).json().error.code,
        'lm.status_event.derived',
      );
      assert.equal((await push()).status, 200);
      assert.deepEqual(await names('eventType=Disruption'), []);

      // audited as other Landscape Management changes are
      const audit = await t.http.call('GET', '/audit/v1/events?action=lm.status_event.created', { cookie: a.cookie });
      assert.equal(audit.status, 200, audit.text);
      assert.equal(audit.json().events.length, 2);

      // scopes: a key without landscape.read / bsm.read is 403 insufficient_scope naming the scope
      const pusher = await tokenFor(
        t,
        (await btpKey(t, a.cookie, a.subaccountId, undefined, ['metrics.write'])).keyText,
      );
      for (const [path, scope] of [
        ['/calm-landscape/v1/landscapeObjects', 'landscape.read'],
        [`/calm-landscape/v1/properties?lmsId=${s4h.lmsId}`, 'landscape.read'],
        ['/bsm-service/v1/events', 'bsm.read'],
      ] as const) {
        const refused = await api(t, path, pusher);
        assert.equal(refused.status, 403, path);
        assert.match(
          String(refused.headers['www-authenticate']),
          new RegExp(`insufficient_scope.*calm-api\\.${scope}`),
        );
      }
      assert.equal((await t.http.call('GET', '/api/bsm-service/v1/events')).status, 401);

      // another tenant's token sees none of tenant A's objects or events
      const b = await landscape(t);
      const bObjects = (await api(t, '/calm-landscape/v1/landscapeObjects', b.token)).json();
      assert.deepEqual(
        bObjects.map((o: { lmsId: string }) => o.lmsId).filter((id: string) => id === s4h.lmsId),
        [],
      );
      assert.equal((await api(t, `/calm-landscape/v1/properties?lmsId=${s4h.lmsId}`, b.token)).status, 404);
      assert.deepEqual((await api(t, '/bsm-service/v1/events', b.token)).json(), []);
      const foreign = await t.http.call('POST', `/lm/v1/tenants/${b.tenantId}/status-events`, {
        cookie: b.cookie,
        body: { objectId: a.system.id, eventType: 'Disruption', title: 'not mine' },
      });
      assert.equal(foreign.status, 400);
      assert.equal(foreign.json().error.code, 'lm.status_event.unknown_object');
      const crossClose = await t.http.call(
        'POST',
        `/lm/v1/tenants/${b.tenantId}/status-events/${maintenance.json().id}/close`,
        { cookie: b.cookie },
      );
      assert.equal(crossClose.status, 404);
    } finally {
      await t.close();
    }
  });
}
