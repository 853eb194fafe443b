import type { Kysely } from 'kysely';

/**
 * The audit records of one HTTP request (`GET /audit/v1/events?requestId=`, the `requestId` of an error body)
 * are found by index, not by reading the whole log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('audit_events_request_id').on('audit_events').column('request_id').execute();
}
