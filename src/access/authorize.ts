/**
 * The one authorization decision; services act on it through `guard` (guard.ts), which also records refusals.
 * Allowed when the actor holds, at some scope of the resource's chain, a role that the policy table lists for
 * the action at that scope type.
 * Refused with 403 when the actor has some role in that chain (it can see the resource exists), and
 * with 404 otherwise, so that a user of one tenant cannot even learn that another tenant's object exists.
 */
import { DomainError, forbidden, notFoundThing, type NotFoundCode } from '../shared/index.js';
import { ACCESS_ERRORS } from './errors.js';
import type { Actor, Resource } from './actor.js';
import { POLICY, type Action } from './policy.js';
import { ROLES, SYSTEM_SCOPE_ID, type ScopeType } from './roles.js';

function scopesOf(resource: Resource): [ScopeType, string][] {
  switch (resource.kind) {
    case 'system':
      return [['system', SYSTEM_SCOPE_ID]];
    case 'global_account':
      return [['global_account', resource.globalAccountId]];
    case 'subaccount':
      return [
        ['subaccount', resource.subaccountId],
        ['global_account', resource.globalAccountId],
      ];
    case 'tenant': {
      const chain: [ScopeType, string][] = [['tenant', resource.tenantId]];
      if (resource.subaccountId) chain.push(['subaccount', resource.subaccountId]);
      if (resource.globalAccountId) chain.push(['global_account', resource.globalAccountId]);
      return chain;
    }
  }
}

export type Decision = 'allow' | 'forbidden' | 'not_found';

export function decide(actor: Actor, action: Action, resource: Resource): Decision {
  const rule: Partial<Record<ScopeType, readonly string[]>> = POLICY[action];
  const chain = scopesOf(resource);
  const holds = (scopeType: ScopeType, scopeId: string) =>
    actor.assignments.filter(
      (a) => a.scopeType === scopeType && a.scopeId === scopeId && ROLES[a.role].scope === scopeType,
    );
  for (const [scopeType, scopeId] of chain) {
    const allowedRoles = rule[scopeType] ?? [];
    if (holds(scopeType, scopeId).some((a) => allowedRoles.includes(a.role))) return 'allow';
  }
  const seesResource = chain.some(([type, id]) => holds(type, id).length > 0);
  return seesResource || resource.kind === 'system' ? 'forbidden' : 'not_found';
}

/**
 * The error a refused decision answers: 403 naming the action, or the 404 of `notFound` (a code from the
 * caller's catalogue, or the error itself) for a caller who must not learn that the resource exists.
 */
export function refusalError(
  decision: 'forbidden' | 'not_found',
  action: Action,
  notFound: NotFoundCode | (() => DomainError) = ACCESS_ERRORS.resource_not_found,
): DomainError {
  if (decision === 'forbidden') {
    return forbidden(
      `Your roles do not allow "${action}" here. Ask an administrator for a role that does (see the role table in the README).`,
    );
  }
  if (typeof notFound === 'function') return notFound();
  return new DomainError('not_found', notFound, `No such ${notFoundThing(notFound)}.`);
}
