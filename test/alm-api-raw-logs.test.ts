/**
 * The Raw Data logs read with the rules live tenants apply (fr0ster's probes of eu10-004), on the real server
 * (SQLite and PostgreSQL): 428 without provider or a plain serviceId, 400 for periods over 60 minutes, ISO times
 * and unknown filters, 403 over the limit without onLimit=truncate, binary OTLP by default (decoded with the
 * official definitions), OTLP JSON with format=protobuf-json, `{}` or an empty body for an empty window.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../src/shared/index.js';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { startTestServer } from './support/server.js';
import { ADMIN_PASSWORD, btpKey, tokenFor } from './support/landscape.js';
import { NOW, at, compact, decode, kv, logs, logsProto, monitoredTenant, nanos } from './support/raw-data.js';

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: Raw Data logs read as live tenants answer it`, async () => {
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false, clock: fixedClock(new Date(NOW)) },
    });
    try {
      const { tenant, cookie, erp, get, push } = await monitoredTenant(t);
      const trace = '4bf92f3577b34da6a3ce929d0e0e4736';
      await push(
        `/calm-logs/v1/logs?useCase=HEALTH_MONITORING&serviceId=${erp}`,
        logs([
          { at: at(5), text: 'one', attrs: { category: 'ABAP Runtime' }, traceId: trace },
          { at: at(4), text: 'two' },
          { at: at(3), text: 'three' },
        ]),
      );
      await push(`/calm-logs/v1/logs?useCase=exm.im&serviceId=${erp}`, logs([{ at: at(2), text: 'exception' }]));
      const base = `/calm-logs/v1/logs?version=V1&provider=hm&serviceId=${erp}`;
      const refused = async (query: string, status: number, code: string, message: RegExp) => {
        const res = await get(`/calm-logs/v1/logs?${query}`);
        assert.deepEqual([res.status, res.json().error.code], [status, code], `${query}: ${res.text}`);
        assert.match(res.json().error.message, message);
      };
      await refused(
        `serviceId=${erp}`,
        428,
        'alm.precondition_required',
        /PRECONDITION_REQUIRED - A required parameter is missing : provider/,
      );
      await refused('provider=hm', 428, 'alm.precondition_required', /missing : serviceId$/);
      await refused(
        `provider=hm&logsFilters[serviceId]=${erp}`,
        428,
        'alm.precondition_required',
        /missing : serviceId$/,
      );
      await refused(`provider=hm&serviceId=${erp}&period=61M`, 400, 'alm.window_too_long', /^Time interval > 60 mins$/);
      await refused(`provider=hm&serviceId=${erp}&period=1H`, 400, 'alm.bad_period', /minutes followed by M/);
      await refused(
        `provider=hm&serviceId=${erp}&from=${new Date(at(10)).toISOString()}`,
        400,
        'alm.bad_time',
        /^From is not of format YYYYMMDDHHmmss$/,
      );
      await refused(
        `provider=hm&serviceId=${erp}&from=${compact(at(90))}&to=${compact(at(1))}`,
        400,
        'alm.window_too_long',
        /> 60 mins/,
      );
      for (const filter of ['$top=1', 'top=1', 'pageSize=1', 'page=1'])
        await refused(`provider=hm&serviceId=${erp}&${filter}`, 400, 'alm.unknown_filter', /^Unknown filter : /);
      await refused(`provider=jam&serviceId=${erp}`, 400, 'alm.unknown_provider', /Unknown provider/);
      await refused(
        `provider=hm&serviceId=${erp}&limit=2`,
        403,
        'alm.over_limit',
        /^Response total count is over the limit/,
      );

      const binary = await get(base);
      assert.equal(binary.headers['content-type'], 'application/x-protobuf');
      const decoded = decode(logsProto.v1.ExportLogsServiceRequest!, binary.bytes);
      const records = decoded.resourceLogs[0].scopeLogs[0].logRecords;
      assert.deepEqual(
        records.map((r: { body: { stringValue: string } }) => r.body.stringValue),
        ['one', 'two', 'three', 'exception'],
      );
      assert.equal(Buffer.from(records[0].traceId, 'base64').toString('hex'), trace);
      assert.equal(records[0].severityNumber, 17);
      assert.deepEqual(decoded.resourceLogs[0].resource.attributes, kv({ 'service.name': 'erp' }));
      const json = await get(`${base}&format=protobuf-json&observedTimestamp=true&preserveTimeStamp=true`);
      assert.equal(json.headers['content-type'], 'application/json; charset=utf-8');
      const jsonRecords = json.json().resourceLogs[0].scopeLogs[0].logRecords;
      assert.equal(jsonRecords[0].traceId, trace);
      assert.equal(jsonRecords[1].timeUnixNano, nanos(at(4)));
      const page = await get(`${base}&format=protobuf-json&limit=2&offset=1&onLimit=TRUNCATE`);
      assert.deepEqual(
        page
          .json()
          .resourceLogs[0].scopeLogs[0].logRecords.map((r: { body: { stringValue: string } }) => r.body.stringValue),
        ['two', 'three'],
      );
      const category = await get(`${base}&format=protobuf-json&category=ABAP%20Runtime`);
      assert.equal(category.json().resourceLogs[0].scopeLogs[0].logRecords.length, 1);
      const exm = await get(`/calm-logs/v1/logs?provider=exm.im&serviceId=${erp}&format=protobuf-json&period=30M`);
      assert.deepEqual(
        exm
          .json()
          .resourceLogs[0].scopeLogs[0].logRecords.map((r: { body: { stringValue: string } }) => r.body.stringValue),
        ['exception'],
      );
      const past = `&from=${compact(at(59))}&to=${compact(at(30))}`;
      const emptyJson = await get(`${base}&format=protobuf-json${past}`);
      assert.deepEqual([emptyJson.status, emptyJson.json()], [200, {}]);
      const emptyBinary = await get(`${base}${past}`);
      assert.deepEqual(
        [emptyBinary.status, emptyBinary.bytes.length, emptyBinary.headers['content-type']],
        [200, 0, 'application/x-protobuf'],
      );
      const noExm = await tokenFor(
        t,
        (await btpKey(t, cookie, tenant.subaccountId, undefined, ['logs.read', 'hm.read'])).keyText,
      );
      const denied = await get(`/calm-logs/v1/logs?provider=exm.im&serviceId=${erp}`, noExm);
      assert.equal(denied.status, 403);
      assert.match(
        String(denied.headers['www-authenticate']),
        /calm-api\.logs\.read sapcloudalm!b4711\.calm-api\.exm\.read"/,
      );
    } finally {
      await t.close();
    }
  });
}
