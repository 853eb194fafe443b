import type { Kysely } from 'kysely';

/**
 * Webhooks (src/webhooks/): subscriptions per Cloud ALM tenant, one delivery per event and subscription, and
 * every attempt of a delivery (the delivery log). The signing secret is sealed (crypto's envelope). A delivery
 * is unique per event and subscription, so that the outbox's at-least-once redelivery of an event sends it
 * once; `claimed_by`/`claimed_until` are the lease of the process sending it (one process per delivery on a
 * shared PostgreSQL), `next_attempt_at` moves forward with the backoff.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhook_subscriptions')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull()) // JSON array of event types; [] means every event
    .addColumn('enabled', 'integer', (c) => c.notNull()) // 0/1
    .addColumn('secret_sealed', 'text', (c) => c.notNull()) // whsec_..., envelope-encrypted
    .addColumn('created_by_id', 'text')
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_subscriptions_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('webhook_subscriptions_id').on('webhook_subscriptions').column('id').unique().execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey()) // the `webhook-id` header: the same on every retry
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull()) // the JSON sent, byte for byte on every attempt; never a secret
    .addColumn('status', 'text', (c) => c.notNull()) // pending | delivered | failed
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'text')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addUniqueConstraint('webhook_deliveries_event', ['subscription_id', 'event_id'])
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_due')
    .on('webhook_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_tenant')
    .on('webhook_deliveries')
    .columns(['tenant_id', 'subscription_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('delivery_id', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer') // null: no answer (refused, timed out, not allowed)
    .addColumn('error', 'text') // why it failed, no secret and no response body
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_attempts_pk', ['delivery_id', 'attempt'])
    .execute();
  await db.schema
    .createIndex('webhook_attempts_subscription')
    .on('webhook_attempts')
    .columns(['tenant_id', 'subscription_id', 'at'])
    .execute();
}
