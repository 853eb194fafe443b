/**
 * OTLP/HTTP as the specification asks of receivers, byte by byte over HTTPS on the real server (SQLite and
 * PostgreSQL): binary protobuf requests, plain and gzip, answered in protobuf; partial success for NaN and
 * infinite values in both encodings; 415 naming the accepted types for any other Content-Type; 400 for bytes
 * that are not the message; 413 for a body over 4 MiB after decompression. Requests are built with the
 * OpenTelemetry project's generated protobuf module, as its exporters build them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Agent, request } from 'undici';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { startTestServer, type TestServer } from './support/server.js';
import { ADMIN_PASSWORD, btpKey, monitoredObject, tokenFor } from './support/landscape.js';

interface Type {
  fromObject(o: object): object;
  encode(m: object): { finish(): Uint8Array };
  decode(b: Uint8Array): object;
  toObject(m: object, o?: object): Record<string, unknown>;
}
const generated = createRequire(import.meta.url)('otlp-transformer-protos/build/src/generated/root.js') as {
  opentelemetry: { proto: { collector: Record<'metrics' | 'logs', { v1: Record<string, Type> }> } };
};
const { metrics, logs } = generated.opentelemetry.proto.collector;
const encode = (type: Type, object: object) => Buffer.from(type.encode(type.fromObject(object)).finish());
const answerOf = (type: Type, bytes: Buffer) => type.toObject(type.decode(bytes), { longs: String });

const nowNanos = () => String(BigInt(Date.now()) * 1_000_000n);
const metricsRequest = (...values: number[]) =>
  encode(metrics.v1.ExportMetricsServiceRequest!, {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'raw-protobuf' } }] },
        scopeMetrics: [
          {
            metrics: [
              {
                name: 'cpu',
                unit: '1',
                gauge: { dataPoints: values.map((asDouble) => ({ timeUnixNano: nowNanos(), asDouble })) },
              },
            ],
          },
        ],
      },
    ],
  });
const logsRequest = (...bodies: object[]) =>
  encode(logs.v1.ExportLogsServiceRequest!, {
    resourceLogs: [{ scopeLogs: [{ logRecords: bodies.map((body) => ({ timeUnixNano: nowNanos(), body })) }] }],
  });

interface Answer {
  status: number;
  type: string;
  bytes: Buffer;
  json(): { error: { code: string; message: string }; [key: string]: unknown };
}

async function monitored(t: TestServer) {
  const made = await monitoredObject(t, { kind: 'service', name: 'raw protobuf', objectType: 'BTP CF app' });
  const { tenant, cookie, objectId: serviceId } = made;
  const key = await btpKey(t, cookie, tenant.subaccountId, undefined, ['metrics.write', 'hm.write', 'logs.write']);
  return { serviceId, token: await tokenFor(t, key.keyText) };
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: OTLP/HTTP binary protobuf in and out, gzip, partial success, 415 and 400 as the spec asks`, async () => {
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false },
    });
    const dispatcher = new Agent({ connect: { ca: readFileSync(t.server.caFile!, 'utf8') } });
    try {
      const { serviceId, token } = await monitored(t);
      const metricsUrl = `/api/calm-metrics/v1/metrics?serviceId=${serviceId}`;
      const logsUrl = `/api/calm-logs/v1/logs?serviceId=${serviceId}&useCase=EXCEPTION_MONITORING`;
      const post = async (path: string, body: Buffer | string, headers: Record<string, string>): Promise<Answer> => {
        const res = await request(`${t.server.url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, ...headers },
          body,
          dispatcher,
        });
        const bytes = Buffer.from(await res.body.arrayBuffer());
        return {
          status: res.statusCode,
          type: String(res.headers['content-type']),
          bytes,
          json: () => JSON.parse(bytes.toString()),
        };
      };
      const protobuf = { 'content-type': 'application/x-protobuf' };
      const gzipped = { ...protobuf, 'content-encoding': 'gzip' };
      const stored = async () =>
        (
          await t.server.store.db
            .selectFrom('alm_metric_points')
            .select('value')
            .where('service_id', '=', serviceId)
            .execute()
        ).map((r) => r.value);

      // full success: an empty ExportMetricsServiceResponse (partial_success unset), in protobuf
      const plain = await post(metricsUrl, metricsRequest(1.5), protobuf);
      assert.equal(plain.status, 200, plain.bytes.toString());
      assert.equal(plain.type, 'application/x-protobuf');
      assert.deepEqual(answerOf(metrics.v1.ExportMetricsServiceResponse!, plain.bytes), {});

      // gzip, and partial success: the NaN and infinite points are left out, the others stored
      const partial = await post(metricsUrl, gzipSync(metricsRequest(NaN, 2.5, Infinity, -Infinity)), gzipped);
      assert.equal(partial.status, 200, partial.bytes.toString());
      const { partialSuccess } = answerOf(metrics.v1.ExportMetricsServiceResponse!, partial.bytes) as {
        partialSuccess: { rejectedDataPoints: string; errorMessage: string };
      };
      assert.equal(partialSuccess.rejectedDataPoints, '3');
      assert.match(partialSuccess.errorMessage, /NaN or infinite.*dataPoints\[0\]\.asDouble/);
      assert.deepEqual((await stored()).sort(), [1.5, 2.5]);

      // the same in OTLP JSON: "NaN" and "Infinity" are how proto3 JSON spells them
      const point = (asDouble: number | string) => ({ timeUnixNano: nowNanos(), asDouble });
      const jsonBody = {
        resourceMetrics: [
          { scopeMetrics: [{ metrics: [{ name: 'cpu', gauge: { dataPoints: [point('Infinity'), point(4)] } }] }] },
        ],
      };
      const json = await post(metricsUrl, JSON.stringify(jsonBody), { 'content-type': 'application/json' });
      assert.equal(json.status, 200, json.bytes.toString());
      assert.match(json.type, /^application\/json/);
      const answer = json.json() as unknown as {
        partialSuccess: { rejectedDataPoints: string; errorMessage: string };
        acceptedDataPoints: number;
      };
      assert.equal(answer.partialSuccess.rejectedDataPoints, '1', 'int64 as a decimal string (proto3 JSON)');
      assert.match(answer.partialSuccess.errorMessage, /^1 data point\(s\) rejected: .*dataPoints\[0\]\.asDouble/);
      assert.equal(answer.acceptedDataPoints, 1);
      assert.deepEqual((await stored()).sort(), [1.5, 2.5, 4]);

      // logs: a record whose body is a NaN double is rejected alone
      const logsAnswer = await post(logsUrl, logsRequest({ doubleValue: NaN }, { stringValue: 'kept' }), protobuf);
      assert.equal(logsAnswer.status, 200, logsAnswer.bytes.toString());
      assert.deepEqual(
        (
          answerOf(logs.v1.ExportLogsServiceResponse!, logsAnswer.bytes).partialSuccess as {
            rejectedLogRecords: string;
          }
        ).rejectedLogRecords,
        '1',
      );

      // any other Content-Type: 415 naming the accepted types; nothing stored
      for (const type of ['text/plain', 'application/octet-stream', 'application/xml']) {
        const refused = await post(metricsUrl, metricsRequest(9), { 'content-type': type });
        assert.equal(refused.status, 415, `${type}: ${refused.bytes.toString()}`);
        assert.equal(refused.json().error.code, 'alm.unsupported_media_type');
        assert.match(
          refused.json().error.message,
          new RegExp(`"${type}" is not accepted here: send application/json or application/x-protobuf`),
        );
      }
      const logsRefused = await post(logsUrl, logsRequest({ stringValue: 'x' }), { 'content-type': 'text/plain' });
      assert.equal(logsRefused.json().error.code, 'alm.unsupported_media_type');

      // bytes that are not the message: 400 naming the problem, plain or gzip; never a 500
      for (const [bytes, headers] of [
        [Buffer.from([0x0a, 0x05, 0x01]), protobuf],
        [gzipSync(Buffer.from([0x0f, 0xff])), gzipped],
        [Buffer.from('{"resourceMetrics":[]}'), protobuf],
      ] as const) {
        const bad = await post(metricsUrl, bytes, headers);
        assert.equal(bad.status, 400, bad.bytes.toString());
        assert.equal(bad.json().error.code, 'alm.invalid_protobuf');
        assert.match(bad.json().error.message, /not a valid protobuf ExportMetricsServiceRequest/);
      }
      assert.equal(
        (await post(logsUrl, Buffer.from([0x0a, 0x7f]), protobuf)).json().error.code,
        'alm.invalid_protobuf',
      );
      // the wrapping: JSON that does not parse, gzip that does not inflate
      const notJson = await post(metricsUrl, '{"resourceMetrics":', { 'content-type': 'application/json' });
      assert.equal(notJson.json().error.code, 'request.malformed_body');
      const notGzip = await post(metricsUrl, metricsRequest(1), gzipped);
      assert.equal(notGzip.json().error.code, 'request.bad_gzip');
      // structurally valid protobuf with a bad point: the JSON path of the problem, as for JSON
      const old = encode(metrics.v1.ExportMetricsServiceRequest!, {
        resourceMetrics: [
          {
            scopeMetrics: [{ metrics: [{ name: 'cpu', gauge: { dataPoints: [{ timeUnixNano: '1', asDouble: 1 }] } }] }],
          },
        ],
      });
      const path = await post(metricsUrl, old, protobuf);
      assert.equal(path.status, 400);
      assert.match(
        path.json().error.message,
        /resourceMetrics\[0\]\.scopeMetrics\[0\]\.metrics\[0\]\.gauge\.dataPoints\[0\]\.timeUnixNano/,
      );

      // 4 MiB after decompression, for protobuf as for JSON
      const padded = encode(metrics.v1.ExportMetricsServiceRequest!, {
        resourceMetrics: [
          { resource: { attributes: [{ key: 'pad', value: { stringValue: 'x'.repeat(5 * 1024 * 1024) } }] } },
        ],
      });
      const bomb = await post(metricsUrl, gzipSync(padded), gzipped);
      assert.equal(bomb.status, 413, bomb.bytes.toString());
      assert.deepEqual((await stored()).sort(), [1.5, 2.5, 4], 'refused requests stored nothing');

      // decoded protobuf passes the input guard's check as JSON does: deep AnyValue and U+0000 are 400, not 500
      let deep: object = { stringValue: 'x' };
      for (let i = 0; i < 2000; i += 1) deep = { arrayValue: { values: [deep] } };
      const deepAnswer = await post(logsUrl, logsRequest(deep), protobuf);
      assert.equal(deepAnswer.status, 400, deepAnswer.bytes.toString());
      assert.equal(deepAnswer.json().error.code, 'alm.invalid_payload');
      assert.match(deepAnswer.json().error.message, /nests messages deeper than 64 levels/);
      const nulName = encode(metrics.v1.ExportMetricsServiceRequest!, {
        resourceMetrics: [
          {
            scopeMetrics: [
              { metrics: [{ name: 'c\u0000pu', gauge: { dataPoints: [{ timeUnixNano: nowNanos(), asDouble: 1 }] } }] },
            ],
          },
        ],
      });
      const nul = await post(metricsUrl, nulName, protobuf);
      assert.equal(nul.status, 400, nul.bytes.toString());
      assert.match(nul.json().error.message, /metrics\[0\]\.name contains the character U\+0000/);
      for (const attribute of [
        { key: 'k\u0000', value: { stringValue: 'v' } },
        { key: 'k', value: { stringValue: 'v\u0000' } },
      ]) {
        const nulLog = encode(logs.v1.ExportLogsServiceRequest!, {
          resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: nowNanos(), attributes: [attribute] }] }] }],
        });
        const refused = await post(logsUrl, nulLog, protobuf);
        assert.equal(refused.status, 400, refused.bytes.toString());
        assert.equal(refused.json().error.code, 'alm.invalid_payload');
      }
      // 2M empty ResourceMetrics (4 MiB, 4 KB gzipped): 413 from a scan of the bytes, before any decoding
      const empties = Buffer.alloc(4 * 1024 * 1024);
      for (let i = 0; i < empties.length; i += 2) empties[i] = 0x0a;
      const started = Date.now();
      const many = await post(metricsUrl, gzipSync(empties), gzipped);
      assert.equal(many.status, 413, many.bytes.toString());
      assert.equal(many.json().error.code, 'alm.too_many_points');
      assert.ok(Date.now() - started < 3000, `answered in ${Date.now() - started} ms`);
      assert.deepEqual((await stored()).sort(), [1.5, 2.5, 4], 'refused requests stored nothing');

      // the API's JSON routes answer 415 with the generic code, naming application/json
      const registration = await post('/api/landscape-management/v1/Registration', '<x/>', {
        'content-type': 'application/xml',
      });
      assert.equal(registration.status, 415);
      assert.equal(registration.json().error.code, 'request.unsupported_media_type');
      assert.match(registration.json().error.message, /send application\/json\./);
    } finally {
      await dispatcher.close();
      await t.close();
    }
  });
}
