/**
 * What a calm-keys Administrator does to another user's account: lock, unlock, delete, and reset the password to
 * a one-time one. A lock takes effect at once: the user's sessions end in the lock's transaction, and every later
 * request on a session or an API token of a locked user resolves to no one (`actorFor` in access.context.ts
 * reads the user on each request), so nothing waits for an expiry. Two rules keep calm-keys administrable: no
 * one locks or deletes themselves, and the last calm-keys Administrator who can sign in is neither locked nor
 * deleted (checked in the transaction of the change).
 */
import type { AuditActor } from '../audit/index.js';
import { DomainError } from '../shared/index.js';
import { withTx, type Tx } from '../store/index.js';
import * as repo from './access.repo.js';
import type { AccessContext } from './access.context.js';
import { toAuditActor, type Actor } from './actor.js';
import { ACCESS_ERRORS } from './errors.js';

type ResetPassword = (
  username: string,
  by: AuditActor,
  options?: { revokeTokens?: boolean },
) => Promise<{ oneTimePassword: string; liveTokens: number; tokensRevoked: number }>;

/** Refuses when `userId` is the last calm-keys Administrator who is not locked (also when that role is revoked). */
export async function keepOneAdministrator(tx: Tx, userId: string, what: 'lock' | 'delete' | 'revoke'): Promise<void> {
  await repo.serializeAdministratorChanges(tx);
  const admins = await repo.activeHoldersOf(tx, 'SystemAdministrator');
  if (admins.includes(userId) && admins.length === 1)
    throw new DomainError(
      'conflict',
      ACCESS_ERRORS.last_administrator,
      `This is the last calm-keys Administrator who can sign in: give the role to another user before you ${what === 'revoke' ? 'revoke it from' : what} this one.`,
    );
}

export function createUserLifecycle(ctx: AccessContext, users: { resetPassword: ResetPassword }) {
  const { db, audit, guard, now } = ctx;

  /** The user another administrator acts on: known, and not the caller when `notSelf`. */
  async function target(
    actor: Actor,
    username: string,
    notSelf: 'lock' | 'delete' | 'reset the password of' | undefined,
  ) {
    await guard(actor, 'system.user.manage', { kind: 'system' });
    const user = await repo.findUserByName(db, username);
    if (!user)
      throw new DomainError('not_found', ACCESS_ERRORS.assigned_user_not_found, `No user named "${username}".`);
    if (notSelf && user.id === actor.userId)
      throw new DomainError(
        'conflict',
        ACCESS_ERRORS.self_lockout,
        notSelf === 'reset the password of'
          ? 'Change your own password with your current one (Change Password in the user menu, POST /auth/v1/password).'
          : `You cannot ${notSelf} your own user: ask another calm-keys Administrator.`,
      );
    return user;
  }

  return {
    async lockUser(actor: Actor, username: string): Promise<void> {
      const user = await target(actor, username, 'lock');
      if (user.disabled_at) return; // locked already: nothing changes, nothing to record
      await withTx(db, async (tx) => {
        await keepOneAdministrator(tx, user.id, 'lock');
        await repo.setUserDisabled(tx, user.id, now());
        const [ended] = await repo.deleteSessionsOf(tx, user.id);
        await audit.record(tx, {
          action: 'access.user.locked',
          outcome: 'success',
          actor: toAuditActor(actor),
          targetId: user.id,
          details: { username: user.username, sessionsEnded: Number(ended?.numDeletedRows ?? 0) },
        });
      });
    },

    async unlockUser(actor: Actor, username: string): Promise<void> {
      const user = await target(actor, username, undefined);
      if (!user.disabled_at) return;
      await withTx(db, async (tx) => {
        await repo.setUserDisabled(tx, user.id, null);
        await audit.record(tx, {
          action: 'access.user.unlocked',
          outcome: 'success',
          actor: toAuditActor(actor),
          targetId: user.id,
          details: { username: user.username },
        });
      });
    },

    async deleteUser(actor: Actor, username: string): Promise<void> {
      const user = await target(actor, username, 'delete');
      await withTx(db, async (tx) => {
        await keepOneAdministrator(tx, user.id, 'delete');
        const gone = await repo.deleteUser(tx, user.id);
        await audit.record(tx, {
          action: 'access.user.deleted',
          outcome: 'success',
          actor: toAuditActor(actor),
          targetId: user.id,
          details: {
            username: user.username,
            roleAssignments: gone.roleAssignments,
            apiTokens: gone.apiTokens,
            sessionsEnded: gone.sessions,
          },
        });
      });
    },

    /** A new one-time password for another user (shown once to the administrator); the user's sessions end. */
    async resetUserPassword(actor: Actor, username: string, options: { revokeTokens?: boolean } = {}) {
      // one's own password is changed with the current one (POST /auth/v1/password), not reset by oneself
      await target(actor, username, 'reset the password of');
      return users.resetPassword(username, toAuditActor(actor), options);
    },
  };
}
