import type { Kysely } from 'kysely';

/**
 * Landscape Management, issue 17 (blast radius and recently deleted keys):
 * - `lm_client_calls`: calls per identity zone, client id, client address, UTC day and kind (`token`, `api`, or
 *   `test` for calm-keys' own Test of a key), counted in memory and added here every few seconds
 *   (landscape/client-calls.ts); rows older than 8 days are swept.
 * - `lm_deleted_keys`: a deleted slot key, kept sealed as it was (`slot_row`: the slot row as JSON, its
 *   `key_sealed` still sealed with the tenant and key id as context) for the recovery window, then purged.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lm_client_calls')
    .addColumn('zone_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('client_address', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull()) // YYYY-MM-DD, UTC
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('calls', 'integer', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lm_client_calls_pk', ['zone_id', 'client_id', 'client_address', 'day', 'kind'])
    .execute();
  await db.schema.createIndex('lm_client_calls_day').on('lm_client_calls').column('day').execute();

  await db.schema
    .createTable('lm_deleted_keys')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text', (c) => c.notNull())
    .addColumn('deleted_by_id', 'text')
    .addColumn('deleted_by_name', 'text', (c) => c.notNull())
    .addColumn('slot_row', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lm_deleted_keys_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('lm_deleted_keys_deleted_at').on('lm_deleted_keys').column('deleted_at').execute();
}
