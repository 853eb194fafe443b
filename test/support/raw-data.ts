/**
 * What the Raw Data read tests push and how they read it back: a fixed "now" at :37:30 of a recent hour (so
 * that buckets and SAP's L/C periods are known exactly), OTLP JSON gauges, a histogram and logs, managed objects
 * with monitoring on, and the official OTLP definitions to decode binary answers with.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { signIn, type HttpResponse, type TestServer } from './server.js';
import { ADMIN_PASSWORD, btpKey, emptyTenant, tokenFor } from './landscape.js';

export interface Message {
  decode(bytes: Uint8Array): object;
  toObject(message: object, options: object): any;
}
export const protos = createRequire(import.meta.url)('otlp-transformer-protos/build/src/generated/root.js') as {
  opentelemetry: { proto: { collector: Record<'metrics' | 'logs', { v1: Record<string, Message> }> } };
};
export const { metrics: metricsProto, logs: logsProto } = protos.opentelemetry.proto.collector;
export const decode = (type: Message, bytes: Buffer) =>
  type.toObject(type.decode(bytes), { longs: String, enums: Number, bytes: String, arrays: true, json: true });

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const hourStart = Math.floor((Date.now() - 38 * MINUTE) / HOUR) * HOUR;
export const NOW = hourStart + 37 * MINUTE + 30_000;
export const at = (minutesAgo: number) => NOW - minutesAgo * MINUTE;
export const nanos = (ms: number) => String(BigInt(ms) * 1_000_000n);
export const compact = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
export const kv = (attrs: Record<string, string>) =>
  Object.entries(attrs).map(([key, value]) => ({ key, value: { stringValue: value } }));

export const SCOPES = ['metrics.write', 'hm.write', 'metrics.read', 'hm.read', 'logs.write', 'logs.read', 'exm.read'];
export const TRICKY = 'C:\\tmp "x"\nnext';

export function gauges(
  name: string,
  unit: string,
  points: { at: number; value: number; attrs: Record<string, string> }[],
) {
  return {
    resourceMetrics: [
      {
        resource: { attributes: kv({ 'service.name': 'collector' }) },
        scopeMetrics: [
          {
            metrics: [
              {
                name,
                unit,
                gauge: {
                  dataPoints: points.map((p) => ({
                    timeUnixNano: nanos(p.at),
                    asDouble: p.value,
                    attributes: kv(p.attrs),
                  })),
                },
              },
            ],
          },
        ],
      },
    ],
  };
}

export const histogram = {
  resourceMetrics: [
    {
      scopeMetrics: [
        {
          metrics: [
            {
              name: 'http.duration',
              unit: 's',
              histogram: {
                aggregationTemporality: 1,
                dataPoints: [
                  {
                    startTimeUnixNano: nanos(at(21)),
                    timeUnixNano: nanos(at(20)),
                    count: '4',
                    sum: 1.25,
                    bucketCounts: ['1', '2', '1'],
                    explicitBounds: [0.1, 0.5],
                    attributes: kv({ host: 'vm-1' }),
                  },
                ],
              },
            },
          ],
        },
      ],
    },
  ],
};

export function logs(records: { at: number; text: string; attrs?: Record<string, string>; traceId?: string }[]) {
  return {
    resourceLogs: [
      {
        resource: { attributes: kv({ 'service.name': 'erp' }) },
        scopeLogs: [
          {
            scope: { name: 'app-log' },
            logRecords: records.map((r) => ({
              timeUnixNano: nanos(r.at),
              severityText: 'ERROR',
              body: { stringValue: r.text },
              attributes: kv(r.attrs ?? {}),
              ...(r.traceId ? { traceId: r.traceId, spanId: '00f067aa0ba902b7' } : {}),
            })),
          },
        ],
      },
    ],
  };
}

export async function managedObject(t: TestServer, cookie: string, tenantId: string, name: string, objectType: string) {
  const created = await t.http.call('POST', `/lm/v1/tenants/${tenantId}/managed-objects`, {
    cookie,
    body: { kind: 'service', name, objectType },
  });
  assert.equal(created.status, 201, created.text);
  const id = created.json().id as string;
  const on = await t.http.call('POST', `/lm/v1/tenants/${tenantId}/managed-objects/${id}/monitoring`, {
    cookie,
    body: { enabled: true },
  });
  assert.equal(on.status, 200, on.text);
  return id;
}

/** A tenant with two managed objects (monitoring on) and a token with SCOPES; `get` and `push` under /api with it. */
export async function monitoredTenant(t: TestServer) {
  const tenant = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
  await t.http.call('POST', '/access/v1/users/admin/roles', {
    cookie: tenant.cookie,
    body: { role: 'x_landscape_Administrator', scopeId: tenant.tenantId },
  });
  const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
  const erp = await managedObject(t, cookie, tenant.tenantId, 'ERP (prod)', 'SAP_S4HANA');
  const app = await managedObject(t, cookie, tenant.tenantId, 'CF app', 'SAP_CP_CF');
  const token = await tokenFor(t, (await btpKey(t, cookie, tenant.subaccountId, undefined, SCOPES)).keyText);
  const get = (path: string, bearer = token): Promise<HttpResponse> =>
    t.http.call('GET', `/api${path}`, { token: bearer });
  const push = async (path: string, body: unknown) => {
    const res = await t.http.call('POST', `/api${path}`, { token, body });
    assert.equal(res.status, 200, res.text);
  };
  return { tenant, cookie, erp, app, token, get, push };
}
