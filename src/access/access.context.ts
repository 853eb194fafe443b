/**
 * What the access services share: their dependencies, the guard, the clock as ISO text, and the actor of a user
 * id (who a session or an API token speaks for). Owned here so that users, sessions and API tokens each build on
 * the same reading of a user.
 */
import type { AuditWriter } from '../audit/index.js';
import type { Clock } from '../shared/index.js';
import type { Db } from '../store/index.js';
import * as repo from './access.repo.js';
import type { Actor } from './actor.js';
import { createGuard, type Guard } from './guard.js';

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

export interface AccessContext {
  readonly deps: AccessDeps;
  readonly db: Db;
  readonly audit: AuditWriter;
  readonly clock: Clock;
  readonly guard: Guard;
  readonly now: () => string;
  readonly actorFor: (userId: string, via: Actor['via']) => Promise<Actor | undefined>;
}

export function createAccessContext(deps: AccessDeps): AccessContext {
  const { db, audit, clock } = deps;
  const guard = createGuard({ db, audit });
  const now = () => clock.now().toISOString();

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

  return { deps, db, audit, clock, guard, now, actorFor };
}
