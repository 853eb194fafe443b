/**
 * A Cloud ALM tenant as SAP provisions it, made through the BTP API: the subscription generates the instance
 * `SAP_Cloud_ALM_API` and its binding `ALM_001_00` with the scope set of the provisioning date (btp/scopes.ts),
 * and the key is downloaded as a person would. The admin also administers the tenant's landscape, and one
 * managed system with monitoring on is the target of pushes.
 */
import assert from 'node:assert/strict';
import { signIn, type TestServer } from './server.js';
import { ADMIN_PASSWORD } from './landscape.js';

export interface GeneratedKeyTenant {
  readonly tenantId: string;
  readonly subaccountId: string;
  readonly cookie: string;
  readonly keyText: string;
  /** A managed system of the tenant whose monitoring is on. */
  readonly serviceId: string;
}

let seq = 0;

async function grant(t: TestServer, cookie: string, role: string, scopeId: string): Promise<string> {
  const res = await t.http.call('POST', '/access/v1/users/admin/roles', { cookie, body: { role, scopeId } });
  assert.ok(res.status < 300, res.text);
  return signIn(t.http, 'admin', ADMIN_PASSWORD); // roles are read at sign-in
}

export async function tenantWithGeneratedKey(t: TestServer, provisionedOn = '2023-10-16'): Promise<GeneratedKeyTenant> {
  seq += 1;
  let cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
  const ga = await t.http.call('POST', '/btp/v1/global_accounts', { cookie, body: { name: `Generated ${seq}` } });
  assert.equal(ga.status, 201, ga.text);
  cookie = await grant(t, cookie, 'GlobalAccountAdministrator', ga.json().id);
  const sub = await t.http.call('POST', '/btp/v1/subaccounts', {
    cookie,
    body: {
      globalAccountId: ga.json().id,
      name: 'SAP Cloud ALM',
      subdomain: `gen-${seq}-${process.pid}`,
      region: 'eu10',
    },
  });
  assert.equal(sub.status, 201, sub.text);
  const tenant = await t.http.call('POST', `/btp/v1/subaccounts/${sub.json().id}/cloud_alm`, {
    cookie,
    body: { provisionedOn },
  });
  assert.equal(tenant.status, 201, tenant.text);
  const { tenantId, generated } = tenant.json() as { tenantId: string; generated?: { bindingId: string } };
  assert.ok(generated, `a tenant provisioned on ${provisionedOn} has a generated key`);
  cookie = await grant(t, cookie, 'x_landscape_Administrator', tenantId);
  const key = await t.http.call('GET', `/btp/v1/service_bindings/${generated.bindingId}/key`, { cookie });
  assert.equal(key.status, 200, key.text);

  const system = await t.http.call('POST', `/lm/v1/tenants/${tenantId}/managed-objects`, {
    cookie,
    body: { kind: 'system', name: `vm-${seq}`, objectType: 'Linux host' },
  });
  assert.equal(system.status, 201, system.text);
  const serviceId = system.json().id as string;
  const on = await t.http.call('POST', `/lm/v1/tenants/${tenantId}/managed-objects/${serviceId}/monitoring`, {
    cookie,
    body: { enabled: true },
  });
  assert.ok(on.status < 300, on.text);
  return { tenantId, subaccountId: sub.json().id, cookie, keyText: key.text, serviceId };
}
