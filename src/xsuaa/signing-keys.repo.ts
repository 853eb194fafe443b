/** SQL of the signing keys, and the lock that serialises changes to them across processes. */
import { sql } from 'kysely';
import type { Dialect, Executor, SigningKeysTable, Tx } from '../store/index.js';

/** An arbitrary constant naming the signing-key lock among PostgreSQL advisory locks. */
const PG_LOCK_ID = 7_146_210_501;

/**
 * Makes concurrent changes to the key set (rotate, first key) run one after the other, so that each one
 * re-reads the rows another has just committed. Held until the transaction ends.
 * PostgreSQL: a transaction-scoped advisory lock (works on an empty table, unlike row locks).
 * SQLite: the first write of a transaction takes the database's one write lock, waiting up to busy_timeout
 * for another connection's transaction (BEGIN IMMEDIATE semantics); a no-op write takes it before any read,
 * so the reads that follow see the latest commit.
 */
export async function lockSigningKeys(tx: Tx, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${PG_LOCK_ID}::bigint)`.execute(tx);
  else await sql`update signing_keys set retired_at = retired_at where 0 = 1`.execute(tx);
}

export const listSigningKeys = (ex: Executor): Promise<SigningKeysTable[]> =>
  ex.selectFrom('signing_keys').selectAll().execute();

export const insertSigningKey = (ex: Executor, row: SigningKeysTable) =>
  ex.insertInto('signing_keys').values(row).execute();

export const retireSigningKey = (ex: Executor, kid: string, at: string) =>
  ex.updateTable('signing_keys').set({ retired_at: at }).where('kid', '=', kid).execute();

export const sealedPrivateKey = async (ex: Executor, kid: string): Promise<string> =>
  (await ex.selectFrom('signing_keys').select('private_key_sealed').where('kid', '=', kid).executeTakeFirstOrThrow())
    .private_key_sealed;
