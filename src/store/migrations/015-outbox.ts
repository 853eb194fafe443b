import type { Kysely } from 'kysely';

/**
 * The transactional outbox (src/store/outbox.ts): an event another module acts on is written in the
 * transaction of the change it announces, so that it exists if and only if that change committed, and a
 * dispatcher delivers it afterwards, at least once. `claimed_by`/`claimed_until` are the lease of the process
 * delivering it; `available_at` moves forward after a failed attempt (the backoff). Delivered rows are pruned
 * after a retention.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outbox_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('topic', 'text', (c) => c.notNull()) // e.g. 'btp.binding.deleted'; the topics belong to the writer
    .addColumn('payload', 'text', (c) => c.notNull()) // JSON; never a secret
    .addColumn('request_id', 'text') // the HTTP request that wrote it, so the handler's audit records carry it
    .addColumn('created_at', 'text', (c) => c.notNull()) // ISO-8601 UTC
    .addColumn('available_at', 'text', (c) => c.notNull()) // not delivered before this (backoff after a failure)
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0)) // claims so far
    .addColumn('claimed_by', 'text') // the dispatcher holding (or last holding) the lease
    .addColumn('claimed_until', 'text') // the lease ends; a crashed holder's claim lapses then
    .addColumn('delivered_at', 'text')
    .addColumn('last_error', 'text') // code and message of the last failed attempt, no secret
    .execute();
  // the dispatcher's poll reads undelivered rows by when they are due; delivered ones by age (pruning)
  await db.schema
    .createIndex('outbox_events_due')
    .on('outbox_events')
    .columns(['delivered_at', 'available_at'])
    .execute();
}
