import type { Kysely } from 'kysely';

/**
 * The offset of the development clock (`calm-keys serve --dev-clock`, src/dev-clock): one row, so that every
 * process on one database runs on the same moved time (a token signed by one is verified by another). Only a
 * server started with --dev-clock reads it; without the flag the row is ignored and time is real.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('dev_clock')
    .addColumn('id', 'text', (c) => c.primaryKey()) // always 'clock'
    .addColumn('offset_ms', 'bigint', (c) => c.notNull()) // how far ahead of real time, >= 0
    .addColumn('changed_at', 'text') // ISO-8601 UTC, real time of the last change; null before any
    .execute();
  await (db as Kysely<{ dev_clock: { id: string; offset_ms: number; changed_at: string | null } }>)
    .insertInto('dev_clock')
    .values({ id: 'clock', offset_ms: 0, changed_at: null })
    .execute();
}
