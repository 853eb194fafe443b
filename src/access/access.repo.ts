/** SQL of the access module: users, role assignments, API tokens, sessions. */
import { sql } from 'kysely';
import type { Executor, UsersTable } from '../store/index.js';
import type { RoleAssignment } from './actor.js';
import type { Role, ScopeType } from './roles.js';

export type UserRow = UsersTable;

export const findUserByName = (ex: Executor, username: string) =>
  ex.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();

export const findUserById = (ex: Executor, id: string) =>
  ex.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const insertUser = (ex: Executor, row: UserRow) => ex.insertInto('users').values(row).execute();

export const updatePassword = (ex: Executor, id: string, passwordHash: string, mustChange: boolean) =>
  ex
    .updateTable('users')
    .set({ password_hash: passwordHash, must_change_password: mustChange ? 1 : 0 })
    .where('id', '=', id)
    .execute();

export const listUsers = (ex: Executor) => ex.selectFrom('users').selectAll().orderBy('username').execute();

export async function countUsers(ex: Executor): Promise<number> {
  const row = await ex
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function assignmentsOf(ex: Executor, userId: string): Promise<RoleAssignment[]> {
  const rows = await ex
    .selectFrom('role_assignments')
    .select(['role', 'scope_type', 'scope_id'])
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => ({ role: r.role as Role, scopeType: r.scope_type as ScopeType, scopeId: r.scope_id }));
}

export const insertAssignment = (
  ex: Executor,
  row: { id: string; user_id: string; role: Role; scope_type: ScopeType; scope_id: string; created_at: string },
) => ex.insertInto('role_assignments').values(row).execute();

export async function deleteAssignment(
  ex: Executor,
  userId: string,
  role: Role,
  scopeType: ScopeType,
  scopeId: string,
): Promise<boolean> {
  const result = await ex
    .deleteFrom('role_assignments')
    .where('user_id', '=', userId)
    .where('role', '=', role)
    .where('scope_type', '=', scopeType)
    .where('scope_id', '=', scopeId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export const insertApiToken = (
  ex: Executor,
  row: {
    id: string;
    user_id: string;
    name: string;
    token_hash: string;
    token_prefix: string;
    created_at: string;
    expires_at: string | null;
  },
) =>
  ex
    .insertInto('api_tokens')
    .values({ ...row, last_used_at: null, revoked_at: null })
    .execute();

export const findApiTokenByHash = (ex: Executor, tokenHash: string) =>
  ex.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

export const listApiTokens = (ex: Executor, userId: string) =>
  ex
    .selectFrom('api_tokens')
    .select(['id', 'name', 'token_prefix', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();

export const findApiToken = (ex: Executor, userId: string, id: string) =>
  ex.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();

export const markApiTokenRevoked = (ex: Executor, id: string, at: string) =>
  ex.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();

/** Revokes every token of a user not revoked yet; the number revoked. */
export const revokeApiTokensOf = async (ex: Executor, userId: string, at: string): Promise<number> => {
  const [result] = await ex
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  return Number(result?.numUpdatedRows ?? 0);
};

export const touchApiToken = (ex: Executor, id: string, at: string) =>
  ex.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();

export const insertSession = (
  ex: Executor,
  row: { id_hash: string; user_id: string; created_at: string; expires_at: string },
) => ex.insertInto('sessions').values(row).execute();

export const findSession = (ex: Executor, idHash: string) =>
  ex.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();

export const deleteSession = (ex: Executor, idHash: string) =>
  ex.deleteFrom('sessions').where('id_hash', '=', idHash).execute();

export const deleteSessionsOf = (ex: Executor, userId: string) =>
  ex.deleteFrom('sessions').where('user_id', '=', userId).execute();

export const deleteExpiredSessions = (ex: Executor, now: string) =>
  ex.deleteFrom('sessions').where('expires_at', '<', now).execute();

/** Locks (a time) or unlocks (null) a user; a locked user's sessions and tokens resolve to no one (access.context.ts). */
export const setUserDisabled = (ex: Executor, id: string, at: string | null) =>
  ex.updateTable('users').set({ disabled_at: at }).where('id', '=', id).execute();

/** Deletes the user; its sessions, API tokens and role assignments go with it (and are deleted first, in case). */
export async function deleteUser(
  ex: Executor,
  id: string,
): Promise<{ roleAssignments: number; apiTokens: number; sessions: number }> {
  const roles = await ex.deleteFrom('role_assignments').where('user_id', '=', id).executeTakeFirst();
  const tokens = await ex.deleteFrom('api_tokens').where('user_id', '=', id).executeTakeFirst();
  const sessions = await ex.deleteFrom('sessions').where('user_id', '=', id).executeTakeFirst();
  await ex.deleteFrom('users').where('id', '=', id).execute();
  return {
    roleAssignments: Number(roles.numDeletedRows),
    apiTokens: Number(tokens.numDeletedRows),
    sessions: Number(sessions.numDeletedRows),
  };
}

/** Users not locked who hold the given system role (the calm-keys Administrators who can still sign in). */
export async function activeHoldersOf(ex: Executor, role: Role): Promise<string[]> {
  const rows = await ex
    .selectFrom('role_assignments')
    .innerJoin('users', 'users.id', 'role_assignments.user_id')
    .select('users.id')
    .where('role_assignments.role', '=', role)
    .where('users.disabled_at', 'is', null)
    .execute();
  return [...new Set(rows.map((r) => r.id))];
}

/**
 * Makes changes that could leave no calm-keys Administrator (lock, delete, revoking the role) run one after the
 * other, so that each one reads what another has just committed: a no-op write of one administrator's row. On
 * PostgreSQL the second transaction waits for that row lock, and its next statement reads the first one's commit
 * (READ COMMITTED); on SQLite any write takes the database's one write lock before the reads that follow.
 */
export async function serializeAdministratorChanges(ex: Executor): Promise<void> {
  await sql`update users set disabled_at = disabled_at where id = (select min(user_id) from role_assignments where role = ${'SystemAdministrator'})`.execute(
    ex,
  );
}
