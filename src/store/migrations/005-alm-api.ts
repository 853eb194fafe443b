import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * Managed services and systems of Landscape Management, and what they push to the Cloud ALM API (metrics and
 * logs, kept for a bounded retention). Telemetry rows carry the tenant first in every index (docs/ARCHITECTURE.md rule 5).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  await db.schema
    .createTable('lm_managed_objects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // service | system
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull()) // e.g. S4HANA Cloud, ABAP, BTP CF app
    .addColumn('external_id', 'text') // what the object calls itself (SID, host), unique per tenant when given
    .addColumn('lms_id', 'text') // returned by Registration
    .addColumn('monitoring_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source', 'text', (c) => c.notNull()) // manual | registration
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'text')
    .addColumn('last_push_at', 'text')
    .addColumn('last_push_client_id', 'text')
    .addUniqueConstraint('lm_managed_objects_external', ['tenant_id', 'external_id'])
    .execute();
  await db.schema
    .createIndex('lm_managed_objects_tenant')
    .on('lm_managed_objects')
    .columns(['tenant_id', 'name'])
    .execute();

  await db.schema
    .createTable('alm_metric_points')
    .addColumn('seq', serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // gauge | sum | histogram
    .addColumn('time', 'text', (c) => c.notNull()) // ISO-8601 UTC of the data point
    .addColumn('value', 'double precision', (c) => c.notNull()) // gauge/sum value; histogram sum
    .addColumn('count', 'double precision') // histogram count (running totals pass 2^31; exact to 2^53)
    .addColumn('attributes', 'text', (c) => c.notNull()) // JSON object of point (and resource) attributes
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('alm_metric_points_read')
    .on('alm_metric_points')
    .columns(['tenant_id', 'service_id', 'time'])
    .execute();
  await db.schema.createIndex('alm_metric_points_retention').on('alm_metric_points').column('received_at').execute();

  await db.schema
    .createTable('alm_log_records')
    .addColumn('seq', serial, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('use_case', 'text', (c) => c.notNull())
    .addColumn('time', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('alm_log_records_read')
    .on('alm_log_records')
    .columns(['tenant_id', 'service_id', 'time'])
    .execute();
  await db.schema.createIndex('alm_log_records_retention').on('alm_log_records').column('received_at').execute();
}
