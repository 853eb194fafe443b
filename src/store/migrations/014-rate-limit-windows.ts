import type { Kysely } from 'kysely';

/**
 * The windows of the rate limits, shared by every process on the database (src/store/window-counter.ts):
 * one row per (counter, key) holding the count of its current fixed window and when that window ends.
 * One row per key (not one per event) keeps a flood of failures to a bounded table; rows of ended windows
 * are pruned by the counter.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_limit_windows')
    .addColumn('counter', 'text', (c) => c.notNull()) // which limit: 'client-auth', 'login-user', ...
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull()) // ISO-8601 UTC; the window is current while now < ends_at
    .addPrimaryKeyConstraint('rate_limit_windows_pk', ['counter', 'key'])
    .execute();
  await db.schema.createIndex('rate_limit_windows_ends').on('rate_limit_windows').column('ends_at').execute();
}
