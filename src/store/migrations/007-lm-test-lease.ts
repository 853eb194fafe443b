import type { Kysely } from 'kysely';

/**
 * Landscape Management: at most one Test Service Key per tenant at a time, also across calm-keys processes
 * on one database. The primary key on tenant_id makes taking the lease atomic (of concurrent inserts one
 * wins); `expires_at` frees the lease of a process that stopped mid-Test.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lm_test_leases')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('lease_id', 'text', (c) => c.notNull())
    .addColumn('held_by', 'text', (c) => c.notNull()) // the user name, for the 409 message
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}
