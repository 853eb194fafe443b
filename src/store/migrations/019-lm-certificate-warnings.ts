import type { Kysely } from 'kysely';

/**
 * Landscape Management: the certificate-expiry thresholds (30, 7, 1 days) already warned for each slot key, so
 * that the daily sweep records `key.certificate_expiring` once per threshold per key, also with several processes
 * on one database (of two concurrent inserts of one row one wins: that one records the event). A new key in the
 * slot has a new id, so its thresholds start afresh; rows of a deleted key are left behind, harmless and small.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lm_certificate_warnings')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull()) // lm_service_keys.id
    .addColumn('threshold_days', 'integer', (c) => c.notNull()) // 30, 7 or 1
    .addColumn('not_after', 'text', (c) => c.notNull()) // the chain's end the warning was about, ISO-8601 UTC
    .addColumn('warned_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lm_certificate_warnings_pk', ['tenant_id', 'key_id', 'threshold_days'])
    .execute();
}
