/**
 * People and their credentials, as one service: `createAccessService` composes users and passwords
 * (`users.service.ts`), sessions (`sessions.service.ts`), API tokens (`api-tokens.service.ts`) and role
 * assignments (`role-assignments.service.ts`) and the lock, unlock and delete of users (`user-lifecycle.service.ts`)
 * over one shared context, and owns the read of the audit log.
 * Hashing happens before a transaction opens; every change is audited in its own transaction.
 */
import { listAuditEvents, listAuditTenants, type AuditEvent, type AuditQuery } from '../audit/index.js';
import { createAccessContext, type AccessDeps } from './access.context.js';
import type { Actor } from './actor.js';
import { createApiTokens } from './api-tokens.service.js';
import { createRoleAssignments } from './role-assignments.service.js';
import { createSessions } from './sessions.service.js';
import { createUserLifecycle } from './user-lifecycle.service.js';
import { createUsers } from './users.service.js';

export type { AccessDeps } from './access.context.js';
export {
  API_TOKEN_PREFIX,
  API_TOKEN_DEFAULT_DAYS,
  API_TOKEN_MAX_DAYS,
  type CreatedApiToken,
} from './api-tokens.service.js';

export function createAccessService(deps: AccessDeps) {
  const ctx = createAccessContext(deps);
  const { db, guard } = ctx;
  const users = createUsers(ctx);
  return {
    ...users,
    ...createUserLifecycle(ctx, users),

    /** The audit log, newest first: calm-keys administrators only; a refusal is itself recorded. */
    async listAuditEvents(actor: Actor, query: AuditQuery = {}): Promise<AuditEvent[]> {
      await guard(actor, 'system.audit.view', { kind: 'system' });
      return listAuditEvents(db, query);
    },

    /** The tenants the audit log can be filtered by, with their names (for the same administrators). */
    async listAuditTenants(actor: Actor): Promise<{ id: string; name: string }[]> {
      await guard(actor, 'system.audit.view', { kind: 'system' });
      return listAuditTenants(db);
    },

    ...createSessions(ctx),
    ...createApiTokens(ctx),
    ...createRoleAssignments(ctx),
  };
}

export type AccessService = ReturnType<typeof createAccessService>;
