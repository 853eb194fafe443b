/**
 * Users and their passwords: the first administrator, creating and listing users, the password change (which
 * ends every session) and the reset to a one-time password. scrypt runs before a transaction opens.
 */
import type { AuditActor } from '../audit/index.js';
import { hashPassword, newId, readableSecret, sha256Hex, verifyPassword } from '../crypto/index.js';
import { DomainError, invalidInput, unauthenticated } from '../shared/index.js';
import { withTx, isUniqueViolation } from '../store/index.js';
import * as repo from './access.repo.js';
import type { AccessContext } from './access.context.js';
import { toAuditActor, type Actor } from './actor.js';
import { expiryOf } from './api-tokens.service.js';
import { SYSTEM_SCOPE_ID, type Role, type ScopeType } from './roles.js';
import { newSession } from './sessions.service.js';
import { ACCESS_ERRORS } from './errors.js';

const MIN_PASSWORD = 12;
const SYSTEM: AuditActor = { type: 'system', name: 'calm-keys' };

/** `field` is the JSON path of the password in the request body, so the error names the field the caller filled in. */
function checkPassword(password: string, field: 'password' | 'newPassword'): void {
  if (password.length < MIN_PASSWORD) {
    throw invalidInput(ACCESS_ERRORS.weak_password, `The ${field} needs at least ${MIN_PASSWORD} characters.`, [
      { path: field, message: `at least ${MIN_PASSWORD} characters` },
    ]);
  }
}

function checkUsername(username: string): void {
  if (!/^[a-z0-9._@-]{1,64}$/i.test(username)) {
    throw invalidInput(ACCESS_ERRORS.bad_username, 'A user name has 1 to 64 letters, digits, ".", "_", "@" or "-".', [
      { path: 'username', message: 'letters, digits, . _ @ - (1 to 64)' },
    ]);
  }
}

/** A password people can read and type: 4 groups of 5 from an alphabet without 0/O/1/l/I (100 bits). */
function generatePassword(): string {
  return readableSecret(4, 5);
}

export function createUsers(ctx: AccessContext) {
  const { db, audit, guard, now, actorFor } = ctx;

  async function insertUser(
    username: string,
    password: string,
    mustChange: boolean,
    by: AuditActor,
    roles: { role: Role; scopeType: ScopeType; scopeId: string }[] = [],
  ) {
    checkUsername(username);
    checkPassword(password, 'password');
    const passwordHash = await hashPassword(password);
    const id = newId();
    try {
      await withTx(db, async (tx) => {
        await repo.insertUser(tx, {
          id,
          username,
          display_name: username,
          password_hash: passwordHash,
          must_change_password: mustChange ? 1 : 0,
          created_at: now(),
          disabled_at: null,
        });
        for (const r of roles)
          await repo.insertAssignment(tx, {
            id: newId(),
            user_id: id,
            role: r.role,
            scope_type: r.scopeType,
            scope_id: r.scopeId,
            created_at: now(),
          });
        await audit.record(tx, {
          action: 'access.user.created',
          outcome: 'success',
          actor: by,
          targetId: id,
          details: { username, generatedPassword: mustChange },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('conflict', ACCESS_ERRORS.user_exists, `A user named "${username}" already exists.`);
      throw error;
    }
    return id;
  }

  return {
    /** First start: when there is no user at all, creates the administrator. Returns the one-time password if one was generated. */
    async ensureInitialAdmin(
      username: string,
      password: string | undefined,
    ): Promise<{ created: boolean; oneTimePassword?: string }> {
      if ((await repo.countUsers(db)) > 0) return { created: false };
      const oneTime = password === undefined ? generatePassword() : undefined;
      await insertUser(username, password ?? oneTime!, oneTime !== undefined, SYSTEM, [
        { role: 'SystemAdministrator', scopeType: 'system', scopeId: SYSTEM_SCOPE_ID },
      ]);
      return oneTime === undefined ? { created: true } : { created: true, oneTimePassword: oneTime };
    },

    /**
     * Offline recovery (`calm-keys admin reset-password`): a new one-time password for a user, who must change it at
     * the next sign-in; the user's sessions end. Returned once, never stored in clear.
     */
    /**
     * A new one-time password; the user's sessions end. API tokens stay unless `revokeTokens` (a reset after a
     * compromise): `liveTokens` says how many still work, so the caller can tell the administrator.
     */
    async resetPassword(
      username: string,
      by: AuditActor,
      options: { revokeTokens?: boolean } = {},
    ): Promise<{ oneTimePassword: string; liveTokens: number; tokensRevoked: number }> {
      const user = await repo.findUserByName(db, username);
      if (!user)
        throw new DomainError(
          'not_found',
          ACCESS_ERRORS.user_not_found,
          `There is no user "${username}" in this database (a first start creates the administrator and prints its one-time password).`,
        );
      const oneTimePassword = generatePassword();
      const hash = await hashPassword(oneTimePassword);
      const at = now();
      const live = (await repo.listApiTokens(db, user.id)).filter(
        (t) => t.revoked_at === null && expiryOf(t) > at,
      ).length;
      let tokensRevoked = 0;
      await withTx(db, async (tx) => {
        await repo.updatePassword(tx, user.id, hash, true);
        await repo.deleteSessionsOf(tx, user.id);
        if (options.revokeTokens) tokensRevoked = await repo.revokeApiTokensOf(tx, user.id, at);
        await audit.record(tx, {
          action: 'access.user.password_reset',
          outcome: 'success',
          actor: by,
          targetId: user.id,
          details: { username: user.username, tokensRevoked },
        });
      });
      return { oneTimePassword, liveTokens: options.revokeTokens ? 0 : live, tokensRevoked };
    },

    /** The actor of a user by name, for work the server does on a user's behalf at start (the demo landscape). */
    async actorByUsername(username: string): Promise<Actor | undefined> {
      const user = await repo.findUserByName(db, username);
      return user ? actorFor(user.id, { kind: 'session' }) : undefined;
    },

    async createUser(
      actor: Actor,
      input: { username: string; password?: string },
    ): Promise<{ id: string; username: string; oneTimePassword?: string }> {
      await guard(actor, 'system.user.manage', { kind: 'system' });
      const oneTime = input.password === undefined ? generatePassword() : undefined;
      const id = await insertUser(
        input.username,
        input.password ?? oneTime!,
        oneTime !== undefined,
        toAuditActor(actor),
      );
      return oneTime === undefined
        ? { id, username: input.username }
        : { id, username: input.username, oneTimePassword: oneTime };
    },

    async listUsers(actor: Actor) {
      await guard(actor, 'system.user.manage', { kind: 'system' });
      const users = await repo.listUsers(db);
      return Promise.all(
        users.map(async (u) => ({
          id: u.id,
          username: u.username,
          createdAt: u.created_at,
          disabled: u.disabled_at !== null,
          mustChangePassword: u.must_change_password === 1,
          roles: await repo.assignmentsOf(db, u.id),
        })),
      );
    },

    /**
     * Ends every session of the user, the caller's own too: a caller on a session gets a new one in its place
     * (`session`, to be set as the cookie), so a session id that leaked before the change is useless after it.
     * API tokens stay valid: each is a credential of its own, listed with its last use and revoked one by one
     * (as GitHub's personal access tokens), and none can be made from a one-time password's session.
     */
    async changePassword(
      actor: Actor,
      current: string,
      next: string,
    ): Promise<{ session?: { sessionToken: string; expiresAt: string } }> {
      const user = await repo.findUserById(db, actor.userId);
      if (!user?.password_hash || !(await verifyPassword(current, user.password_hash)))
        throw unauthenticated('The current password is wrong.');
      checkPassword(next, 'newPassword');
      // "changing" a one-time password to itself would keep a password that was printed or handed over
      if (next === current) {
        throw invalidInput(
          ACCESS_ERRORS.password_unchanged,
          'The new password must differ from the current one: choose one that only you know.',
          [{ path: 'newPassword', message: 'equals currentPassword' }],
        );
      }
      const hash = await hashPassword(next);
      const session = actor.via.kind === 'session' ? newSession(ctx) : undefined;
      await withTx(db, async (tx) => {
        await repo.updatePassword(tx, user.id, hash, false);
        const [ended] = await repo.deleteSessionsOf(tx, user.id);
        if (session)
          await repo.insertSession(tx, {
            id_hash: sha256Hex(session.sessionToken),
            user_id: user.id,
            created_at: now(),
            expires_at: session.expiresAt,
          });
        const sessionsEnded = Number(ended?.numDeletedRows ?? 0);
        await audit.record(tx, {
          action: 'access.user.password_changed',
          outcome: 'success',
          actor: toAuditActor(actor),
          targetId: user.id,
          details: { username: user.username, sessionsEnded },
        });
      });
      return session ? { session } : {};
    },
  };
}
