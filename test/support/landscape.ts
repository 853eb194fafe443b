/** Helpers for Landscape Management integration tests: people with roles, tenants, BTP keys, uploads. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FormData, request } from 'undici';
import { findCatalogPlan } from '../../src/btp/catalog.js';
import { signIn, type HttpResponse, type TestServer } from './server.js';

export const ADMIN_PASSWORD = 'admin-password-1';
export const USER_PASSWORD = 'user-password-123';

export function caller(t: TestServer, cookie: () => string) {
  return (method: string, path: string, body?: unknown, asCookie?: string) =>
    t.http.call(method, path, { cookie: asCookie ?? cookie(), ...(body === undefined ? {} : { body }) });
}

/** Creates a user (as the admin) and, optionally, gives it roles; returns its session cookie. */
export async function userWithRoles(
  t: TestServer,
  adminCookie: string,
  username: string,
  roles: { role: string; scopeId: string }[],
): Promise<string> {
  const created = await t.http.call('POST', '/access/v1/users', {
    cookie: adminCookie,
    body: { username, password: USER_PASSWORD },
  });
  assert.equal(created.status, 201, created.text);
  for (const r of roles) {
    const res = await t.http.call('POST', `/access/v1/users/${username}/roles`, { cookie: adminCookie, body: r });
    assert.equal(res.status, 204, res.text);
  }
  return signIn(t.http, username, USER_PASSWORD);
}

let seq = 0;
/**
 * A global account, subaccount and Cloud ALM tenant provisioned before the auto-generation cutoff (empty slot),
 * with the admin as Global Account Administrator and Landscape Management Security Administrator.
 * Returns a fresh admin cookie (roles are read at sign-in).
 */
export async function emptyTenant(
  t: TestServer,
  adminCookie: string,
): Promise<{ cookie: string; tenantId: string; subaccountId: string; subdomain: string }> {
  seq += 1;
  const subdomain = `lm-${seq}-${process.pid % 10000}-${Date.now() % 100000}`;
  let cookie = adminCookie;
  const ga = await t.http.call('POST', '/btp/v1/global_accounts', { cookie, body: { name: `LM GA ${seq}` } });
  assert.equal(ga.status, 201, ga.text);
  await t.http.call('POST', '/access/v1/users/admin/roles', {
    cookie,
    body: { role: 'GlobalAccountAdministrator', scopeId: ga.json().id },
  });
  cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
  const sub = await t.http.call('POST', '/btp/v1/subaccounts', {
    cookie,
    body: { globalAccountId: ga.json().id, name: 'SAP Cloud ALM', subdomain, region: 'eu10' },
  });
  assert.equal(sub.status, 201, sub.text);
  const tenant = await t.http.call('POST', `/btp/v1/subaccounts/${sub.json().id}/cloud_alm`, {
    cookie,
    body: { provisionedOn: '2023-01-10' },
  });
  assert.equal(tenant.status, 201, tenant.text);
  const tenantId = tenant.json().tenantId as string;
  await t.http.call('POST', '/access/v1/users/admin/roles', {
    cookie,
    body: { role: 'x_landscape_SecurityAdministrator', scopeId: tenantId },
  });
  cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
  return { cookie, tenantId, subaccountId: sub.json().id, subdomain };
}

/** The "SAP Cloud ALM API" standard plan, which `btpKey` creates its instances of. */
const STANDARD_PLAN_ID = findCatalogPlan('SAPCloudALMAPIs', 'standard')!.plan.id;

/**
 * Creates an instance and a binding in the subaccount through the Service Manager API (`/v1`, `async=false`:
 * done when it answers); returns the binding id and the key file text, as the key download writes it.
 */
let instanceSeq = 0;
export async function btpKey(
  t: TestServer,
  cookie: string,
  subaccountId: string,
  name = `inst-${process.pid % 1000}-${(instanceSeq += 1)}`,
  authorities?: string[],
): Promise<{ bindingId: string; instanceId: string; keyText: string; secret: string }> {
  const parameters = authorities
    ? { 'xs-security': { authorities: authorities.map((a) => `$XSMASTERAPPNAME.calm-api.${a}`) } }
    : undefined;
  const instance = await t.http.call(
    'POST',
    `/v1/service_instances?async=false&subaccount_id=${encodeURIComponent(subaccountId)}`,
    { cookie, body: { name, service_plan_id: STANDARD_PLAN_ID, ...(parameters ? { parameters } : {}) } },
  );
  assert.equal(instance.status, 201, instance.text);
  // the 201 of a binding holds its credentials: the one audited read of the key, as the download was
  const binding = await t.http.call('POST', '/v1/service_bindings?async=false', {
    cookie,
    body: { name: 'key-1', service_instance_id: instance.json().id },
  });
  assert.equal(binding.status, 201, binding.text);
  const credentials = binding.json().credentials as { uaa: { clientsecret: string } };
  return {
    bindingId: binding.json().id,
    instanceId: instance.json().id,
    // the text of GET /btp/v1/service_bindings/{id}/key: the key, indented by two, and a newline
    keyText: `${JSON.stringify(credentials, null, 2)}\n`,
    secret: credentials.uaa.clientsecret,
  };
}

/**
 * A tenant of its own whose landscape the admin administers (x_landscape_Administrator), with one managed
 * object created there: what a test of the landscape's objects, their pushes or their events starts from.
 */
export async function tenantWithObject(
  t: TestServer,
  object: { kind: 'service' | 'system'; name: string; objectType: string },
): Promise<{ tenant: Awaited<ReturnType<typeof emptyTenant>>; cookie: string; objectId: string }> {
  const tenant = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
  await t.http.call('POST', '/access/v1/users/admin/roles', {
    cookie: tenant.cookie,
    body: { role: 'x_landscape_Administrator', scopeId: tenant.tenantId },
  });
  const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
  const created = await t.http.call('POST', `/lm/v1/tenants/${tenant.tenantId}/managed-objects`, {
    cookie,
    body: object,
  });
  assert.equal(created.status, 201, created.text);
  return { tenant, cookie, objectId: created.json().id as string };
}

/** A tenant with one managed object whose monitoring is on, as a push to it needs. */
export async function monitoredObject(
  t: TestServer,
  object: { kind: 'service' | 'system'; name: string; objectType: string },
): ReturnType<typeof tenantWithObject> {
  const made = await tenantWithObject(t, object);
  const monitoring = await t.http.call(
    'POST',
    `/lm/v1/tenants/${made.tenant.tenantId}/managed-objects/${made.objectId}/monitoring`,
    { cookie: made.cookie, body: { enabled: true } },
  );
  assert.ok(monitoring.status < 300, monitoring.text);
  return made;
}

/**
 * What a managed system's collector needs: a tenant with a system whose monitoring is on, a key with metrics
 * scopes, and that key in a file (mode 0600), as `calm-keys agent push --key <file> --service <id>` takes them.
 */
export async function monitoredSystemWithKey(t: TestServer): Promise<{
  tenantId: string;
  cookie: string;
  service: string;
  key: Awaited<ReturnType<typeof btpKey>>;
  file: string;
}> {
  const made = await monitoredObject(t, { kind: 'system', name: 'vm-1', objectType: 'Linux host' });
  const { tenant, cookie, objectId: service } = made;
  const key = await btpKey(t, cookie, tenant.subaccountId, undefined, [
    'metrics.write',
    'hm.write',
    'metrics.read',
    'hm.read',
  ]);
  const file = join(mkdtempSync(join(tmpdir(), 'calm-keys-agent-')), 'key.txt');
  writeFileSync(file, key.keyText, { mode: 0o600 });
  return { tenantId: tenant.tenantId, cookie, service, key, file };
}

export const slotPath = (tenantId: string) => `/lm/v1/tenants/${tenantId}/service-key`;

/** Uploads a file the way a browser file picker does: multipart/form-data with a part named `file`. */
export async function uploadMultipart(
  t: TestServer,
  cookie: string,
  tenantId: string,
  bytes: Buffer,
  fileName = 'service-key.txt',
  query = '',
): Promise<HttpResponse> {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'text/plain' }), fileName);
  const ca = t.server.caFile ? (await import('node:fs')).readFileSync(t.server.caFile, 'utf8') : undefined;
  const { Agent } = await import('undici');
  const dispatcher = new Agent({ connect: ca ? { ca } : {} });
  try {
    const res = await request(`${t.server.url}${slotPath(tenantId)}${query}`, {
      method: 'POST',
      headers: { cookie },
      body: form,
      dispatcher,
    });
    const bytes = Buffer.from(await res.body.arrayBuffer());
    const text = bytes.toString('utf8');
    return { status: res.statusCode, headers: res.headers, text, bytes, json: () => JSON.parse(text) };
  } finally {
    await dispatcher.close();
  }
}

/** Uploads the raw bytes as the request body. */
export function uploadRaw(
  t: TestServer,
  cookie: string,
  tenantId: string,
  text: string,
  contentType = 'text/plain',
): Promise<HttpResponse> {
  return t.http.call('POST', slotPath(tenantId), { cookie, rawBody: text, headers: { 'content-type': contentType } });
}

/** A client-credentials token for a key (client_secret_post), as a managed service fetches it. */
export async function tokenFor(t: TestServer, keyText: string): Promise<string> {
  const uaa = JSON.parse(keyText).uaa;
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: uaa.clientid,
    client_secret: uaa.clientsecret,
  });
  const res = await t.http.call('POST', '/oauth/token', {
    rawBody: form.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(res.status, 200, res.text);
  return res.json().access_token as string;
}

/** An OTLP/HTTP JSON metrics request with one gauge per (name, value). */
export function otlpGauges(points: { name: string; value: number; at?: Date; unit?: string }[]): unknown {
  return {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'test-collector' } }] },
        scopeMetrics: [
          {
            scope: { name: 'calm-keys-test' },
            metrics: points.map((p) => ({
              name: p.name,
              unit: p.unit ?? '%',
              gauge: {
                dataPoints: [
                  {
                    timeUnixNano: String(BigInt((p.at ?? new Date()).getTime()) * 1_000_000n),
                    asDouble: p.value,
                    attributes: [{ key: 'host', value: { stringValue: 'vm-1' } }],
                  },
                ],
              },
            })),
          },
        ],
      },
    ],
  };
}
