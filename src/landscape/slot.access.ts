/**
 * Resolves a tenant for an action and authorizes it: an unknown tenant and a tenant the actor has no role
 * in both answer "not found" (nothing is learned about other tenants); a tenant the actor sees but may not
 * act on answers 403 and is audited as a denial.
 */
import { authorize, toAuditActor, type Action, type Actor, type Resource } from '../access/index.js';
import { DomainError, isDomainError } from '../shared/index.js';
import type { LandscapeDeps, LandscapeTenant } from './landscape.deps.js';

export const tenantNotFound = (): DomainError => new DomainError('not_found', 'lm.tenant.not_found', 'No such Cloud ALM tenant.');

export function tenantResource(tenant: LandscapeTenant): Resource {
  return { kind: 'tenant', tenantId: tenant.tenantId, subaccountId: tenant.subaccountId, globalAccountId: tenant.globalAccountId };
}

export async function authorizedTenant(deps: LandscapeDeps, actor: Actor, tenantId: string, action: Action): Promise<LandscapeTenant> {
  const tenant = await deps.tenants.find(tenantId);
  if (!tenant) throw tenantNotFound();
  try {
    authorize(actor, action, tenantResource(tenant), 'tenant');
  } catch (error) {
    if (isDomainError(error) && error.kind === 'not_found') throw tenantNotFound();
    if (isDomainError(error) && error.kind === 'forbidden') {
      await deps.audit.record(deps.db, { action: 'access.denied', outcome: 'denied', actor: toAuditActor(actor), tenantId: tenant.tenantId, details: { action, resourceKind: 'tenant' } });
    }
    throw error;
  }
  return tenant;
}
