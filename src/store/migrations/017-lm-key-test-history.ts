import type { Kysely } from 'kysely';

/**
 * Landscape Management: the history of Test Service Key results (manual and scheduled), the last 50 per tenant
 * (older rows are pruned in the transaction that adds one), and the schedule of the re-tests. `seq` orders a
 * tenant's results (one Test per tenant at a time holds the lease, so `max(seq) + 1` does not race; the primary
 * key would refuse it if it did). `lm_test_schedule.next_test_at` is claimed by compare-and-set, so of several
 * processes on one database exactly one runs a tenant's scheduled Test of a period.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lm_key_tests')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('key_id', 'text', (c) => c.notNull()) // the slot's key that was tested
    .addColumn('tested_at', 'text', (c) => c.notNull()) // ISO-8601 UTC, when the result was stored
    .addColumn('trigger', 'text', (c) => c.notNull()) // 'manual' | 'scheduled'
    .addColumn('tested_by', 'text', (c) => c.notNull()) // the person's user name, or 'schedule'
    .addColumn('status', 'text', (c) => c.notNull()) // 'active' | 'failed' (the stored KeyStatus)
    .addColumn('reason', 'text') // the stored status reason; no secret (key-test/ scrubs it)
    .addColumn('failed_step', 'text') // key-test/'s step id: token, jwt-signature, jwt-claims, api
    .addColumn('summary', 'text', (c) => c.notNull()) // the one-line summary of key-test/
    .addPrimaryKeyConstraint('lm_key_tests_pk', ['tenant_id', 'seq'])
    .execute();
  await db.schema
    .createTable('lm_test_schedule')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('next_test_at', 'text', (c) => c.notNull()) // ISO-8601 UTC; claimed by compare-and-set
    .addColumn('last_scheduled_at', 'text') // when a process last claimed the tenant's scheduled Test
    .execute();
}
