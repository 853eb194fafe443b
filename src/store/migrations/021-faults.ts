import type { Kysely } from 'kysely';

/**
 * Fault injection (faults/, issue 18): one row per injected fault. A system-wide setting of calm-keys, not a
 * tenant's data (no tenant column): every process on one database reads the rows and applies them. `kind` is
 * `status | latency | reset | rate_limit`; `status`, `latency_ms` and `retry_after_seconds` belong to the kinds that
 * use them. `expires_at` null: active until deleted. The table is empty unless an administrator added a fault.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('faults')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('target', 'text', (c) => c.notNull()) // token | jwks | api
    .addColumn('route', 'text') // api only: a path prefix under /api/ (calm-metrics/v1); null: every route
    .addColumn('client_id', 'text') // null: every client
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('latency_ms', 'integer')
    .addColumn('retry_after_seconds', 'integer')
    .addColumn('probability', 'double precision', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('created_by_id', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .execute();
}
