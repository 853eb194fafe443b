import type { Kysely } from 'kysely';

/**
 * Service status events (SAP's Business Service Management: Maintenance, Degradation, Disruption, Communication,
 * Planned Availability) that a Landscape Administrator records on a managed service or system. The service name,
 * type and LMS ID are copied at creation, so an event keeps saying what it was about (src/service-status/README.md).
 * Tenant first in every index (docs/ARCHITECTURE.md rule 5).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('status_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull()) // the managed service or system (lm_managed_objects.id)
    .addColumn('object_type', 'text', (c) => c.notNull()) // SAP's `type`: CloudService | TechnicalSystem
    .addColumn('service_name', 'text', (c) => c.notNull())
    .addColumn('service_type', 'text', (c) => c.notNull())
    .addColumn('lms_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull()) // Maintenance | Degradation | Disruption | ...
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('end_time', 'text') // planned or actual end; null while open without a planned end
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .execute();
  await db.schema
    .createIndex('status_events_tenant_start')
    .on('status_events')
    .columns(['tenant_id', 'start_time'])
    .execute();
  await db.schema
    .createIndex('status_events_tenant_object')
    .on('status_events')
    .columns(['tenant_id', 'object_id'])
    .execute();
}
