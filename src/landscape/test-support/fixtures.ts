/**
 * The tenant, people and key that the unit tests of landscape/ share (they build the module over a bare store,
 * without BTP: the tenant is given, not looked up).
 */
import type { Actor, Role } from '../../access/index.js';
import type { LandscapeTenant } from '../index.js';

export const TENANT: LandscapeTenant = {
  tenantId: 'ten-1',
  name: 'acme-calm',
  subaccountId: 'sub-1',
  globalAccountId: 'ga-1',
  identityZone: 'acme-calm',
  zoneId: 'sub-1',
};

/** A person signed in with one role in TENANT. */
export function tenantActor(
  role: Role,
  person: { readonly userId: string; readonly username: string } = { userId: 'u-admin', username: 'admin' },
): Actor {
  return {
    ...person,
    assignments: [{ role, scopeType: 'tenant', scopeId: TENANT.tenantId }],
    via: { kind: 'session' },
  };
}

export const CLIENT_ID = 'sb-x!b1|calm!b4711';

/** A binding-secret key of TENANT's zone with the given secret, as a person would upload it. */
export const keyText = (secret: string): string =>
  JSON.stringify({
    endpoints: { Api: 'https://acme-calm.eu10.alm.cloud.sap/api' },
    uaa: {
      clientid: CLIENT_ID,
      clientsecret: secret,
      url: 'https://acme-calm.authentication.eu10.hana.ondemand.com',
      identityzone: 'acme-calm',
      'credential-type': 'binding-secret',
    },
  });
