import type { Transaction } from 'kysely';
import type { Db } from './database.js';
import type { Database } from './tables.js';

export type Tx = Transaction<Database>;
/** Either the database or an open transaction: repository functions accept both. */
export type Executor = Db | Tx;

/**
 * Runs `work` in one transaction: all its writes commit together or none do. Keep it short: no network
 * calls, key generation or password hashing inside (docs/ARCHITECTURE.md rule 6).
 */
export function withTx<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
}
