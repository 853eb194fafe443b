import type { Kysely } from 'kysely';

/**
 * What OTLP says beyond a point's value (src/alm-api/README.md, "OTLP inbound"): the resource and the
 * instrumentation scope of each pushed metric point and log record, and the detail of the point or record
 * (histogram buckets, temporality, nanosecond timestamps, trace context, ...). Each column is a JSON object;
 * rows written before this migration keep `'{}'` and their attributes merged with the resource.
 * SQLite adds one column per ALTER TABLE statement, hence one statement each.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['alm_metric_points', 'alm_log_records']) {
    for (const column of ['resource', 'scope', 'detail']) {
      await db.schema
        .alterTable(table)
        .addColumn(column, 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
    }
  }
}
