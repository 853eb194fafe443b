/**
 * Browser sessions: sign-in (with the audit of a failed attempt that never keeps a typed password), resolving a
 * session id to its actor, sign-out. Session ids (`cks_...`) are 32 random bytes stored as SHA-256.
 */
import { hmacSha256Hex, randomToken, hashPassword, sha256Hex, verifyPassword } from '../crypto/index.js';
import { unauthenticated } from '../shared/index.js';
import { withTx } from '../store/index.js';
import * as repo from './access.repo.js';
import type { AccessContext } from './access.context.js';
import { toAuditActor, type Actor } from './actor.js';

const SESSION_PREFIX = 'cks_';

// Verifying against this keeps a login for an unknown user as slow as one with a wrong password.
const DUMMY_HASH = hashPassword(randomToken(16));

/** A new session id and its end; the caller stores its hash. */
export function newSession(ctx: AccessContext): { sessionToken: string; expiresAt: string } {
  return {
    sessionToken: `${SESSION_PREFIX}${randomToken(32)}`,
    expiresAt: new Date(ctx.clock.now().getTime() + ctx.deps.sessionTtlMs).toISOString(),
  };
}

export function createSessions(ctx: AccessContext) {
  const { db, audit, deps, now, actorFor } = ctx;

  return {
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
      const { sessionToken, expiresAt } = newSession(ctx);
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
  };
}
