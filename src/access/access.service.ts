/**
 * People and their credentials: users with scrypt password hashes, sessions for the UI, personal API
 * tokens for the CLI and automation (stored as SHA-256, shown once), and role assignments.
 * Hashing happens before a transaction opens; every change is audited in its own transaction.
 */
import {
  listAuditEvents,
  type AuditActor,
  type AuditEvent,
  type AuditQuery,
  type AuditWriter,
} from '../audit/index.js';
import {
  hashPassword,
  hmacSha256Hex,
  newId,
  randomToken,
  readableSecret,
  sha256Hex,
  verifyPassword,
} from '../crypto/index.js';
import { DomainError, invalidInput, unauthenticated, type Clock } from '../shared/index.js';
import { withTx, isUniqueViolation, type Db } from '../store/index.js';
import * as repo from './access.repo.js';
import { toAuditActor, type Actor } from './actor.js';
import { createGuard } from './guard.js';
import { isRole, ROLES, SYSTEM_SCOPE_ID, type Role, type ScopeType } from './roles.js';
import { ACCESS_ERRORS } from './errors.js';

export const API_TOKEN_PREFIX = 'ckpat_';
/** Lifetime of an API token when the request names none, and the longest one may ask for. */
export const API_TOKEN_DEFAULT_DAYS = 90;
export const API_TOKEN_MAX_DAYS = 365;
const DAY_MS = 86_400_000;
const SESSION_PREFIX = 'cks_';
const MIN_PASSWORD = 12;
const SYSTEM: AuditActor = { type: 'system', name: 'calm-keys' };

export interface AccessDeps {
  readonly db: Db;
  readonly audit: AuditWriter;
  readonly clock: Clock;
  readonly sessionTtlMs: number;
  /**
   * HMAC key for the audit record of a failed sign-in with an unknown user name (derived from the master key):
   * people type passwords into the name field, so such a name is kept only as its keyed hash, which still
   * tells repeated attempts with the same text apart. Without a key (offline tools) the name is left out.
   */
  readonly usernameHashKey?: Buffer;
}

export interface CreatedApiToken {
  readonly id: string;
  readonly name: string;
  /** The token itself: returned once, never stored. */
  readonly token: string;
  readonly prefix: string;
  readonly expiresAt: string;
}

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

// Verifying against this keeps a login for an unknown user as slow as one with a wrong password.
const DUMMY_HASH = hashPassword(randomToken(16));

export function createAccessService(deps: AccessDeps) {
  const { db, audit, clock } = deps;
  const guard = createGuard({ db, audit });
  const now = () => clock.now().toISOString();

  function newSession(): { sessionToken: string; expiresAt: string } {
    return {
      sessionToken: `${SESSION_PREFIX}${randomToken(32)}`,
      expiresAt: new Date(clock.now().getTime() + deps.sessionTtlMs).toISOString(),
    };
  }

  /** Tokens made before lifetimes were enforced have no expiry stored: they end API_TOKEN_MAX_DAYS after their creation. */
  function expiryOf(row: { created_at: string; expires_at: string | null }): string {
    return row.expires_at ?? new Date(Date.parse(row.created_at) + API_TOKEN_MAX_DAYS * DAY_MS).toISOString();
  }

  async function actorFor(userId: string, via: Actor['via']): Promise<Actor | undefined> {
    const user = await repo.findUserById(db, userId);
    if (!user || user.disabled_at) return undefined;
    return {
      userId: user.id,
      username: user.username,
      assignments: await repo.assignmentsOf(db, user.id),
      mustChangePassword: user.must_change_password === 1,
      via,
    };
  }

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

    /** The audit log, newest first: calm-keys administrators only; a refusal is itself recorded. */
    async listAuditEvents(actor: Actor, query: AuditQuery = {}): Promise<AuditEvent[]> {
      await guard(actor, 'system.audit.view', { kind: 'system' });
      return listAuditEvents(db, query);
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

    async login(
      username: string,
      password: string,
    ): Promise<{ sessionToken: string; expiresAt: string; actor: Actor; mustChangePassword: boolean }> {
      const user = await repo.findUserByName(db, username);
      const ok = await verifyPassword(password, user?.password_hash ?? (await DUMMY_HASH));
      const reason = !user ? 'unknown_user' : user.disabled_at ? 'disabled' : !ok ? 'bad_password' : undefined;
      if (reason || !user) {
        const named = user
          ? { username }
          : deps.usernameHashKey
            ? { usernameHash: hmacSha256Hex(deps.usernameHashKey, username) }
            : {};
        await audit.record(db, {
          action: 'access.login.failed',
          outcome: 'failure',
          actor: { type: 'anonymous' },
          targetId: user?.id ?? null,
          details: { ...named, reason: reason ?? 'unknown_user' },
        });
        throw unauthenticated('The user name or password is wrong.');
      }
      const { sessionToken, expiresAt } = newSession();
      await withTx(db, async (tx) => {
        await repo.deleteExpiredSessions(tx, now());
        await repo.insertSession(tx, {
          id_hash: sha256Hex(sessionToken),
          user_id: user.id,
          created_at: now(),
          expires_at: expiresAt,
        });
        await audit.record(tx, {
          action: 'access.login.succeeded',
          outcome: 'success',
          actor: { type: 'user', id: user.id, name: user.username },
          targetId: user.id,
          details: { username, method: 'password' },
        });
      });
      const actor = (await actorFor(user.id, { kind: 'session' }))!;
      return { sessionToken, expiresAt, actor, mustChangePassword: user.must_change_password === 1 };
    },

    async resolveSession(sessionToken: string): Promise<Actor | undefined> {
      if (!sessionToken.startsWith(SESSION_PREFIX)) return undefined;
      const session = await repo.findSession(db, sha256Hex(sessionToken));
      if (!session || session.expires_at <= now()) return undefined;
      return actorFor(session.user_id, { kind: 'session' });
    },

    async logout(actor: Actor, sessionToken: string): Promise<void> {
      await withTx(db, async (tx) => {
        await repo.deleteSession(tx, sha256Hex(sessionToken));
        await audit.record(tx, {
          action: 'access.logout',
          outcome: 'success',
          actor: toAuditActor(actor),
          targetId: actor.userId,
          details: { username: actor.username },
        });
      });
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
      const session = actor.via.kind === 'session' ? newSession() : undefined;
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

    async createApiToken(actor: Actor, input: { name: string; expiresInDays?: number }): Promise<CreatedApiToken> {
      const name = input.name.trim();
      if (name.length < 1 || name.length > 100)
        throw invalidInput(ACCESS_ERRORS.bad_token_name, 'Give the token a name of 1 to 100 characters.', [
          { path: 'name', message: '1 to 100 characters' },
        ]);
      const days = input.expiresInDays ?? API_TOKEN_DEFAULT_DAYS;
      if (!(Number.isInteger(days) && days >= 1 && days <= API_TOKEN_MAX_DAYS)) {
        throw invalidInput(
          ACCESS_ERRORS.bad_token_expiry,
          `expiresInDays must be a whole number of days from 1 to ${API_TOKEN_MAX_DAYS}.`,
          [{ path: 'expiresInDays', message: `1 to ${API_TOKEN_MAX_DAYS}` }],
        );
      }
      const token = `${API_TOKEN_PREFIX}${randomToken(32)}`;
      const prefix = token.slice(0, API_TOKEN_PREFIX.length + 6);
      const id = newId();
      const expiresAt = new Date(clock.now().getTime() + days * DAY_MS).toISOString();
      await withTx(db, async (tx) => {
        await repo.insertApiToken(tx, {
          id,
          user_id: actor.userId,
          name,
          token_hash: sha256Hex(token),
          token_prefix: prefix,
          created_at: now(),
          expires_at: expiresAt,
        });
        await audit.record(tx, {
          action: 'access.api_token.created',
          outcome: 'success',
          actor: toAuditActor(actor),
          targetId: id,
          details: { name, tokenPrefix: prefix, expiresAt },
        });
      });
      return { id, name, token, prefix, expiresAt };
    },

    async resolveApiToken(token: string): Promise<Actor | undefined> {
      if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
      const row = await repo.findApiTokenByHash(db, sha256Hex(token));
      if (!row || row.revoked_at || expiryOf(row) <= now()) return undefined;
      await repo.touchApiToken(db, row.id, now());
      return actorFor(row.user_id, { kind: 'api_token', tokenId: row.id });
    },

    async listApiTokens(actor: Actor) {
      const rows = await repo.listApiTokens(db, actor.userId);
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        prefix: r.token_prefix,
        createdAt: r.created_at,
        expiresAt: expiryOf(r),
        lastUsedAt: r.last_used_at,
        revokedAt: r.revoked_at,
      }));
    },

    async revokeApiToken(actor: Actor, id: string): Promise<void> {
      const row = await repo.findApiToken(db, actor.userId, id);
      if (!row)
        throw new DomainError('not_found', ACCESS_ERRORS.api_token_not_found, `You have no API token with id "${id}".`);
      await withTx(db, async (tx) => {
        await repo.markApiTokenRevoked(tx, id, now());
        await audit.record(tx, {
          action: 'access.api_token.revoked',
          outcome: 'success',
          actor: toAuditActor(actor),
          targetId: id,
          details: { name: row.name, tokenPrefix: row.token_prefix },
        });
      });
    },

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

export type AccessService = ReturnType<typeof createAccessService>;
