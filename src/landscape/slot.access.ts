/**
 * Resolves a tenant for an action and authorizes it through the access guard: an unknown tenant and a tenant
 * the actor has no role in both answer "not found" (nothing is learned about other tenants); a tenant the
 * actor sees but may not act on answers 403. The guard records every refusal of an existing tenant as
 * `access.denied`.
 */
import { createGuard, type Action, type Actor, type Resource } from '../access/index.js';
import { DomainError } from '../shared/index.js';
import type { LandscapeDeps, LandscapeTenant } from './landscape.deps.js';
import { LANDSCAPE_ERRORS } from './errors.js';

export const tenantNotFound = (): DomainError =>
  new DomainError('not_found', LANDSCAPE_ERRORS.tenant_not_found, 'No such Cloud ALM tenant.');

export function tenantResource(tenant: LandscapeTenant): Resource {
  return {
    kind: 'tenant',
    tenantId: tenant.tenantId,
    subaccountId: tenant.subaccountId,
    globalAccountId: tenant.globalAccountId,
  };
}

export async function authorizedTenant(
  deps: LandscapeDeps,
  actor: Actor,
  tenantId: string,
  action: Action,
): Promise<LandscapeTenant> {
  const tenant = await deps.tenants.find(tenantId);
  if (!tenant) throw tenantNotFound();
  await createGuard(deps)(actor, action, tenantResource(tenant), { notFound: tenantNotFound });
  return tenant;
}
