/**
 * Who may do what in the SAP Cloud ALM Service Key section: a role x action x tenant matrix over HTTP.
 * SAP's matrix (docs/sap-sources.md §10): Security Administrator all actions; Security Viewer view,
 * download and test; the other four Landscape Management roles and no role: nothing (403 when the person
 * has a role in the tenant, 404 when not); the administrator of another tenant: 404, as if it did not exist.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, startTestServer, type TestServer } from './support/server.js';
import {
  ADMIN_PASSWORD,
  btpKey,
  emptyTenant,
  slotPath,
  tokenFor,
  uploadRaw,
  userWithRoles,
} from './support/landscape.js';

let t: TestServer;
let tenant: { cookie: string; tenantId: string; subaccountId: string; subdomain: string };
let other: { cookie: string; tenantId: string; subaccountId: string; subdomain: string };
let keyText: string;

before(async () => {
  t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD }, start: { demo: false } });
  const admin = await signIn(t.http, 'admin', ADMIN_PASSWORD);
  tenant = await emptyTenant(t, admin);
  other = await emptyTenant(t, tenant.cookie);
  keyText = (await btpKey(t, other.cookie, tenant.subaccountId)).keyText;
  const stored = await uploadRaw(t, other.cookie, tenant.tenantId, keyText);
  assert.equal(stored.status, 201, stored.text);
});
after(() => t.close());

type ActionName = 'view' | 'download' | 'reveal' | 'test' | 'upload' | 'delete';
const ACTIONS: Record<ActionName, (cookie: string, tenantId: string) => Promise<{ status: number; text: string }>> = {
  view: (c, id) => t.http.call('GET', slotPath(id), { cookie: c }),
  download: (c, id) => t.http.call('GET', `${slotPath(id)}/download`, { cookie: c }),
  reveal: (c, id) => t.http.call('POST', `${slotPath(id)}/reveal`, { cookie: c }),
  test: (c, id) => t.http.call('POST', `${slotPath(id)}/test`, { cookie: c }),
  // the slot is full, so an allowed upload is refused by F5 (409), a forbidden one by the role check first
  upload: (c, id) => uploadRaw(t, c, id, keyText),
  // the key obtained a token in a test below: its delete confirms the recent use (blast radius, issue 17)
  delete: (c, id) => t.http.call('DELETE', `${slotPath(id)}?confirm=recently-used`, { cookie: c }),
};
const ALLOWED_STATUS: Record<ActionName, number> = {
  view: 200,
  download: 200,
  reveal: 200,
  test: 200,
  upload: 409,
  delete: 204,
};

const MATRIX: [string, ActionName[]][] = [
  ['x_landscape_SecurityAdministrator', ['view', 'download', 'reveal', 'test', 'upload', 'delete']],
  ['x_landscape_SecurityViewer', ['view', 'download', 'test']],
  ['x_landscape_Administrator', []],
  ['x_landscape_Viewer', []],
  ['x_landscape_AccessController', []],
  ['x_landscape_AccessViewer', []],
];

test('role x action matrix on one tenant (403 for a role without the right, never a 500)', async () => {
  let n = 0;
  for (const [role, allowed] of MATRIX) {
    n += 1;
    const cookie = await userWithRoles(t, other.cookie, `m${n}-${role.toLowerCase().replace(/_/g, '-')}`, [
      { role, scopeId: tenant.tenantId },
    ]);
    const view = (await ACTIONS.view(cookie, tenant.tenantId)) as { status: number; text: string };
    for (const action of ['view', 'download', 'reveal', 'test', 'upload'] as ActionName[]) {
      const res = await ACTIONS[action](cookie, tenant.tenantId);
      const expected = allowed.includes(action) ? ALLOWED_STATUS[action] : 403;
      assert.equal(res.status, expected, `${role} ${action}: ${res.text}`);
    }
    if (view.status === 200) {
      // the actions offered match the matrix (the UI shows only these)
      const offered = JSON.parse(view.text).actions as Record<string, boolean>;
      for (const action of ['download', 'reveal', 'test', 'delete'] as ActionName[])
        assert.equal(offered[action], allowed.includes(action), `${role} offered ${action}`);
      assert.equal(offered.upload, false, 'upload is not offered while the slot is full');
    }
    if (!allowed.includes('delete'))
      assert.equal((await ACTIONS.delete(cookie, tenant.tenantId)).status, 403, `${role} delete`);
  }
  // Refusals are audited as denials, with the action.
  const denied = (
    await t.http.call('GET', `/audit/v1/events?tenantId=${tenant.tenantId}&action=access.denied&limit=1000`, {
      cookie: other.cookie,
    })
  ).json().events;
  assert.ok(denied.length >= 4 * 6 + 4, `denials audited (${denied.length})`);
});

test('no role at all, and the administrator of another tenant: 404 for every action, nothing revealed', async () => {
  const nobody = await userWithRoles(t, other.cookie, 'nobody', []);
  const otherAdmin = await userWithRoles(t, other.cookie, 'other-tenant-admin', [
    { role: 'x_landscape_SecurityAdministrator', scopeId: other.tenantId },
  ]);
  for (const cookie of [nobody, otherAdmin]) {
    for (const action of Object.keys(ACTIONS) as ActionName[]) {
      const res = await ACTIONS[action](cookie, tenant.tenantId);
      assert.equal(res.status, 404, `${action}: ${res.text}`);
      assert.equal(JSON.parse(res.text).error.code, 'lm.tenant.not_found');
    }
  }
  // An unknown tenant reads exactly the same as a foreign one.
  const unknown = await ACTIONS.view(otherAdmin, 'no-such-tenant');
  assert.equal(unknown.status, 404);
  assert.equal(JSON.parse(unknown.text).error.code, 'lm.tenant.not_found');
  // The tenant list shows only tenants where the person holds a Landscape Management role.
  const listed = (await t.http.call('GET', '/lm/v1/tenants', { cookie: otherAdmin }))
    .json()
    .items.map((i: { tenantId: string }) => i.tenantId);
  assert.deepEqual(listed, [other.tenantId]);
  // Without signing in: 401.
  assert.equal((await t.http.call('GET', slotPath(tenant.tenantId))).status, 401);
});

test("a key naming another tenant's client and binding shows nothing of that binding's use", async () => {
  // the key in `tenant`'s slot obtains a token: its own slot shows that as observed use
  await tokenFor(t, keyText);
  assert.match(
    JSON.parse((await ACTIONS.view(other.cookie, tenant.tenantId)).text).key.observedUse.lastTokenAt,
    /^\d{4}-/,
  );
  // the Security Administrator of `other` uploads a key of its own zone that names that client id and binding id
  const own = JSON.parse((await btpKey(t, other.cookie, other.subaccountId)).keyText);
  const theirs = JSON.parse(keyText);
  own.uaa.clientid = theirs.uaa.clientid;
  own.uaa.clientsecret = `${String(theirs.uaa.clientsecret).split('$')[0]}$forged`;
  const stored = await uploadRaw(t, other.cookie, other.tenantId, JSON.stringify(own));
  assert.equal(stored.status, 201, stored.text);
  assert.equal(stored.json().key.observedUse.lastTokenAt, null);
  assert.equal((await ACTIONS.delete(other.cookie, other.tenantId)).status, 204);
});

test('a Security Administrator deletes last; the key is gone and the slot offers upload again', async () => {
  const cookie = await userWithRoles(t, other.cookie, 'sec-admin-2', [
    { role: 'x_landscape_SecurityAdministrator', scopeId: tenant.tenantId },
  ]);
  assert.equal((await ACTIONS.delete(cookie, tenant.tenantId)).status, 204);
  const view = JSON.parse((await ACTIONS.view(cookie, tenant.tenantId)).text);
  assert.equal(view.slot, 'empty');
  assert.equal(view.actions.upload, true);
});

test('the managed objects answer offers each role exactly what it may do there (the UI shows only these)', async () => {
  const roles = MATRIX.map(([role]) => role);
  for (const [n, role] of roles.entries()) {
    const cookie = await userWithRoles(t, other.cookie, `o${n}-${role.toLowerCase().replace(/_/g, '-')}`, [
      { role, scopeId: tenant.tenantId },
    ]);
    const listed = await t.http.call('GET', `/lm/v1/tenants/${tenant.tenantId}/managed-objects`, { cookie });
    assert.equal(listed.status, 200, `${role}: ${listed.text}`);
    const offered = listed.json().actions as { manage: boolean; serviceKey: boolean };
    const manages = role === 'x_landscape_Administrator';
    assert.deepEqual(
      offered,
      {
        manage: manages,
        serviceKey: role === 'x_landscape_SecurityAdministrator' || role === 'x_landscape_SecurityViewer',
      },
      role,
    );
    // what is offered is what the server allows
    const created = await t.http.call('POST', `/lm/v1/tenants/${tenant.tenantId}/managed-objects`, {
      cookie,
      body: { kind: 'service', name: `svc ${n}`, objectType: 'x' },
    });
    assert.equal(created.status, manages ? 201 : 403, `${role} create: ${created.text}`);
    assert.equal(
      (await ACTIONS.view(cookie, tenant.tenantId)).status,
      offered.serviceKey ? 200 : 403,
      `${role} service key`,
    );
    // and the session offers no audit log and no Security to a tenant role (the UI shows their entries only when this says so)
    assert.deepEqual(
      (await t.http.call('GET', '/auth/v1/session', { cookie })).json().actions,
      { auditLog: false, manageUsers: false },
      role,
    );
    assert.equal((await t.http.call('GET', '/audit/v1/events', { cookie })).status, 403, `${role} audit log`);
  }
});
