/**
 * Role assignments: assigning and revoking a role at its scope (system, tenant, global account, subaccount),
 * for calm-keys administrators only; each change audited in its transaction.
 */
import { newId } from '../crypto/index.js';
import { DomainError, invalidInput } from '../shared/index.js';
import { withTx, isUniqueViolation } from '../store/index.js';
import * as repo from './access.repo.js';
import type { AccessContext } from './access.context.js';
import { toAuditActor, type Actor } from './actor.js';
import { isRole, ROLES, SYSTEM_SCOPE_ID } from './roles.js';
import { ACCESS_ERRORS } from './errors.js';
import { keepOneAdministrator } from './user-lifecycle.service.js';

export function createRoleAssignments(ctx: AccessContext) {
  const { db, audit, guard, now } = ctx;

  return {
    async assignRole(actor: Actor, input: { username: string; role: string; scopeId?: string }): Promise<void> {
      await guard(actor, 'system.user.manage', { kind: 'system' });
      const { user, role, scopeType, scopeId } = await resolveAssignment(input);
      try {
        await withTx(db, async (tx) => {
          await repo.insertAssignment(tx, {
            id: newId(),
            user_id: user.id,
            role,
            scope_type: scopeType,
            scope_id: scopeId,
            created_at: now(),
          });
          await audit.record(tx, {
            action: 'access.role.assigned',
            outcome: 'success',
            actor: toAuditActor(actor),
            targetId: user.id,
            details: { username: user.username, role, scopeType, scopeId },
          });
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error; // already assigned: nothing to do
      }
    },

    async revokeRole(actor: Actor, input: { username: string; role: string; scopeId?: string }): Promise<void> {
      await guard(actor, 'system.user.manage', { kind: 'system' });
      const { user, role, scopeType, scopeId } = await resolveAssignment(input);
      await withTx(db, async (tx) => {
        if (role === 'SystemAdministrator') await keepOneAdministrator(tx, user.id, 'revoke');
        if (await repo.deleteAssignment(tx, user.id, role, scopeType, scopeId)) {
          await audit.record(tx, {
            action: 'access.role.revoked',
            outcome: 'success',
            actor: toAuditActor(actor),
            targetId: user.id,
            details: { username: user.username, role, scopeType, scopeId },
          });
        }
      });
    },
  };

  async function resolveAssignment(input: { username: string; role: string; scopeId?: string }) {
    if (!isRole(input.role)) {
      throw invalidInput(
        ACCESS_ERRORS.unknown_role,
        `"${input.role}" is not a role. Known roles: ${Object.keys(ROLES).join(', ')}.`,
        [{ path: 'role', message: 'unknown role' }],
      );
    }
    const scopeType = ROLES[input.role].scope;
    const scopeId = scopeType === 'system' ? SYSTEM_SCOPE_ID : input.scopeId;
    if (!scopeId)
      throw invalidInput(
        ACCESS_ERRORS.missing_scope,
        `The role ${input.role} is held per ${scopeType.replace('_', ' ')}: give its id as scopeId.`,
        [{ path: 'scopeId', message: 'required for this role' }],
      );
    const user = await repo.findUserByName(db, input.username);
    if (!user)
      throw new DomainError('not_found', ACCESS_ERRORS.assigned_user_not_found, `No user named "${input.username}".`);
    return { user, role: input.role, scopeType, scopeId };
  }
}
