/**
 * Who may do what with service status events (`/lm/v1/tenants/{id}/status-events`): a role x endpoint matrix over
 * HTTP. Every Landscape Management role reads them (lm.landscape.view); only the Landscape Administrator creates,
 * changes and closes them (lm.landscape.manage), the others get 403; a person without a role in the tenant, and the
 * administrator of another tenant, get 404 lm.tenant.not_found, as if the tenant did not exist. Refusals are audited.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, startTestServer, type TestServer } from './support/server.js';
import { ADMIN_PASSWORD, emptyTenant, userWithRoles } from './support/landscape.js';

let t: TestServer;
let tenantId: string;
let otherTenantId: string;
let adminCookie: string;
let objectId: string;

before(async () => {
  t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD }, start: { demo: false } });
  const tenant = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
  const other = await emptyTenant(t, tenant.cookie);
  tenantId = tenant.tenantId;
  otherTenantId = other.tenantId;
  for (const scopeId of [tenantId, otherTenantId])
    await t.http.call('POST', '/access/v1/users/admin/roles', {
      cookie: other.cookie,
      body: { role: 'x_landscape_Administrator', scopeId },
    });
  adminCookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
  const created = await t.http.call('POST', `/lm/v1/tenants/${tenantId}/managed-objects`, {
    cookie: adminCookie,
    body: { kind: 'service', name: 'Sales Cloud', objectType: 'SAP_C4C' },
  });
  assert.equal(created.status, 201, created.text);
  objectId = created.json().id;
});
after(() => t.close());

const path = (id: string, rest = '') => `/lm/v1/tenants/${id}/status-events${rest}`;
const anEvent = () => ({ objectId, eventType: 'Communication', title: 'Planned downtime next week' });

/** An open event to change or close, created by the Landscape Administrator. */
async function openEvent(): Promise<string> {
  const res = await t.http.call('POST', path(tenantId), { cookie: adminCookie, body: anEvent() });
  assert.equal(res.status, 201, res.text);
  return res.json().id;
}

type Endpoint = 'list' | 'create' | 'change' | 'close';
const CALLS: Record<Endpoint, (cookie: string, tenant: string) => Promise<{ status: number; text: string }>> = {
  list: (cookie, tenant) => t.http.call('GET', path(tenant), { cookie }),
  create: (cookie, tenant) => t.http.call('POST', path(tenant), { cookie, body: anEvent() }),
  change: async (cookie, tenant) =>
    t.http.call('PATCH', path(tenant, `/${await openEvent()}`), { cookie, body: { title: 'Changed' } }),
  close: async (cookie, tenant) => t.http.call('POST', path(tenant, `/${await openEvent()}/close`), { cookie }),
};
const ALLOWED: Record<Endpoint, number> = { list: 200, create: 201, change: 200, close: 200 };

const MATRIX: [string, Endpoint[]][] = [
  ['x_landscape_Administrator', ['list', 'create', 'change', 'close']],
  ['x_landscape_Viewer', ['list']],
  ['x_landscape_SecurityAdministrator', ['list']],
  ['x_landscape_SecurityViewer', ['list']],
  ['x_landscape_AccessController', ['list']],
  ['x_landscape_AccessViewer', ['list']],
];

test('role x endpoint: readers read, the Landscape Administrator manages, others 403; actions say so', async () => {
  let n = 0;
  for (const [role, allowed] of MATRIX) {
    n += 1;
    const cookie = await userWithRoles(t, adminCookie, `se${n}-${role.toLowerCase().replace(/_/g, '-')}`, [
      { role, scopeId: tenantId },
    ]);
    for (const endpoint of Object.keys(CALLS) as Endpoint[]) {
      const res = await CALLS[endpoint](cookie, tenantId);
      const expected = allowed.includes(endpoint) ? ALLOWED[endpoint] : 403;
      assert.equal(res.status, expected, `${role} ${endpoint}: ${res.text}`);
    }
    const list = JSON.parse((await CALLS.list(cookie, tenantId)).text);
    assert.equal(list.actions.manage, allowed.includes('create'), role);
  }
});

test('no role in the tenant, or a role in another tenant only: 404 lm.tenant.not_found, audited as access.denied', async () => {
  const nobody = await userWithRoles(t, adminCookie, 'se-nobody', []);
  const elsewhere = await userWithRoles(t, adminCookie, 'se-elsewhere', [
    { role: 'x_landscape_Administrator', scopeId: otherTenantId },
  ]);
  for (const cookie of [nobody, elsewhere])
    for (const endpoint of Object.keys(CALLS) as Endpoint[]) {
      const res = await CALLS[endpoint](cookie, tenantId);
      assert.equal(res.status, 404, `${endpoint}: ${res.text}`);
      assert.equal(JSON.parse(res.text).error.code, 'lm.tenant.not_found');
    }
  const unknown = await t.http.call('GET', path('no-such-tenant'), { cookie: adminCookie });
  assert.equal(unknown.status, 404);
  const denied = await t.http.call('GET', '/audit/v1/events?action=access.denied', { cookie: adminCookie });
  assert.equal(denied.status, 200, denied.text);
  assert.ok(
    denied.json().events.some((e: { details: { action: string } }) => e.details.action === 'lm.landscape.manage'),
  );
});
