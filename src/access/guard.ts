/**
 * The one authorization gate every service calls: decides through `decide` (the policy table), records a
 * refusal as `access.denied`, then throws the error the caller sees. Services never authorize, audit and
 * throw by hand, and no route authorizes at all.
 */
import type { AuditWriter } from '../audit/index.js';
import type { DomainError, NotFoundCode } from '../shared/index.js';
import type { Executor } from '../store/index.js';
import { toAuditActor, type Actor, type Resource } from './actor.js';
import { decide, refusalError } from './authorize.js';
import type { Action } from './policy.js';

export interface GuardOptions {
  /**
   * The transaction the refusal is recorded in, when the caller guards inside one and commits it in spite of
   * the refusal (it catches the error). Without it the record commits at once on the guard's own database, so
   * it survives the error: guard before a transaction opens, as every service does today.
   */
  readonly tx?: Executor;
  /**
   * The 404 for a caller with no role in the resource's chain: a code of the caller's catalogue
   * (`BTP_ERRORS.instance_not_found`, answered as "No such service instance.") or the error itself (Landscape
   * Management's `lm.tenant.not_found`, which reads exactly like an unknown tenant). Default `resource.not_found`.
   */
  readonly notFound?: NotFoundCode | (() => DomainError);
}

export type Guard = (actor: Actor, action: Action, resource: Resource, options?: GuardOptions) => Promise<void>;

export interface GuardDeps {
  readonly db: Executor;
  readonly audit: AuditWriter;
}

function resourceIdOf(resource: Resource): string | null {
  switch (resource.kind) {
    case 'system':
      return null;
    case 'global_account':
      return resource.globalAccountId;
    case 'subaccount':
      return resource.subaccountId;
    case 'tenant':
      return resource.tenantId;
  }
}

export function createGuard(deps: GuardDeps): Guard {
  return async function guard(actor, action, resource, options = {}) {
    const decision = decide(actor, action, resource);
    if (decision === 'allow') return;
    await deps.audit.record(options.tx ?? deps.db, {
      action: 'access.denied',
      outcome: 'denied',
      actor: toAuditActor(actor),
      tenantId: resource.kind === 'tenant' ? resource.tenantId : null,
      targetId: resourceIdOf(resource),
      details: { action, resourceKind: resource.kind, refusal: decision },
    });
    throw refusalError(decision, action, options.notFound);
  };
}
