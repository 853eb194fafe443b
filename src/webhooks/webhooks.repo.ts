/**
 * The SQL of webhooks, tenant first: subscriptions, deliveries (one per event and subscription) and their
 * attempts. Claiming due deliveries is one statement, as the outbox's (store/outbox.ts): on PostgreSQL the due
 * rows are selected `FOR UPDATE SKIP LOCKED`, so processes take disjoint rows; SQLite has one writer, and the
 * UPDATE's condition on the lease is evaluated under its lock.
 */
import { sql } from 'kysely';
import type {
  Db,
  Dialect,
  Executor,
  WebhookAttemptsTable,
  WebhookDeliveriesTable,
  WebhookSubscriptionsTable,
} from '../store/index.js';

export type SubscriptionRow = WebhookSubscriptionsTable;
export type DeliveryRow = WebhookDeliveriesTable;
export type AttemptRow = WebhookAttemptsTable;

export async function insertSubscription(ex: Executor, row: SubscriptionRow): Promise<void> {
  await ex.insertInto('webhook_subscriptions').values(row).execute();
}

export function listSubscriptions(ex: Executor, tenantId: string): Promise<SubscriptionRow[]> {
  return ex
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/**
 * Makes concurrent adds of one tenant's subscriptions run one after the other, so that the count before an
 * insert sees every committed one (the cap per tenant). Held until the transaction ends. PostgreSQL: a
 * transaction-scoped advisory lock per tenant; SQLite: a no-op write takes the one write lock before the count.
 */
export async function lockTenantSubscriptions(tx: Executor, dialect: Dialect, tenantId: string): Promise<void> {
  if (dialect === 'postgres')
    await sql`select pg_advisory_xact_lock(hashtext(${`calm-keys webhooks ${tenantId}`}))`.execute(tx);
  else await sql`update webhook_subscriptions set id = id where 0 = 1`.execute(tx);
}

export function countSubscriptions(ex: Executor, tenantId: string): Promise<number> {
  return ex
    .selectFrom('webhook_subscriptions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export function findSubscription(ex: Executor, tenantId: string, id: string): Promise<SubscriptionRow | undefined> {
  return ex
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function updateSubscription(
  ex: Executor,
  tenantId: string,
  id: string,
  change: Partial<Pick<SubscriptionRow, 'url' | 'events' | 'enabled' | 'updated_at'>>,
): Promise<void> {
  await ex
    .updateTable('webhook_subscriptions')
    .set(change)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Deletes the subscription with its deliveries and their log; false when it was not there. */
export async function deleteSubscription(ex: Executor, tenantId: string, id: string): Promise<boolean> {
  await ex.deleteFrom('webhook_attempts').where('tenant_id', '=', tenantId).where('subscription_id', '=', id).execute();
  await ex
    .deleteFrom('webhook_deliveries')
    .where('tenant_id', '=', tenantId)
    .where('subscription_id', '=', id)
    .execute();
  const result = await ex
    .deleteFrom('webhook_subscriptions')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** A second insert for the same event and subscription (the outbox redelivered the event) changes nothing. */
export async function insertDelivery(ex: Executor, row: DeliveryRow): Promise<boolean> {
  const result = await ex
    .insertInto('webhook_deliveries')
    .values(row)
    .onConflict((oc) => oc.columns(['subscription_id', 'event_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export interface DeliveryClaim {
  readonly claimant: string;
  readonly now: string;
  readonly leaseUntil: string;
  readonly limit: number;
}

export async function claimDueDeliveries(db: Db, dialect: Dialect, claim: DeliveryClaim): Promise<DeliveryRow[]> {
  const due = db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', claim.now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', claim.now)]));
  // an idle poll only reads
  if ((await due.limit(1).executeTakeFirst()) === undefined) return [];
  const rows = await db
    .updateTable('webhook_deliveries')
    .set({
      claimed_by: claim.claimant,
      claimed_until: claim.leaseUntil,
      attempts: sql<number>`${sql.ref('attempts')} + 1`,
    })
    .where(
      'id',
      'in',
      due
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(claim.limit)
        .$if(dialect === 'postgres', (q) => q.forUpdate().skipLocked()),
    )
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', claim.now)]))
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.next_attempt_at.localeCompare(b.next_attempt_at) || a.id.localeCompare(b.id));
}

/** Records the attempt and the delivery's new state; a claimant whose lease was taken over changes nothing. */
export async function finishAttempt(
  ex: Executor,
  input: {
    delivery: DeliveryRow;
    claimant: string;
    attempt: AttemptRow;
    change: Pick<DeliveryRow, 'status' | 'next_attempt_at' | 'last_status_code' | 'last_error' | 'delivered_at'>;
  },
): Promise<boolean> {
  const result = await ex
    .updateTable('webhook_deliveries')
    .set({ ...input.change, claimed_until: null })
    .where('id', '=', input.delivery.id)
    .where('claimed_by', '=', input.claimant)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await ex
    .insertInto('webhook_attempts')
    .values(input.attempt)
    .onConflict((oc) => oc.columns(['delivery_id', 'attempt']).doNothing())
    .execute();
  return true;
}

/** Deletes finished (delivered or failed) deliveries queued before `cutoff`, with their attempts; returns how many. */
export async function pruneDeliveries(db: Db, cutoff: string): Promise<number> {
  const old = db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('status', '!=', 'pending')
    .where('created_at', '<', cutoff);
  await db.deleteFrom('webhook_attempts').where('delivery_id', 'in', old).execute();
  const result = await db
    .deleteFrom('webhook_deliveries')
    .where('status', '!=', 'pending')
    .where('created_at', '<', cutoff)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface LogEntry {
  readonly attempt: AttemptRow;
  readonly delivery: Pick<DeliveryRow, 'id' | 'event_id' | 'event_type' | 'status' | 'next_attempt_at'>;
}

/** The delivery log of a subscription: every attempt, newest first. */
export async function listAttempts(
  ex: Executor,
  tenantId: string,
  subscriptionId: string,
  limit: number,
): Promise<LogEntry[]> {
  const rows = await ex
    .selectFrom('webhook_attempts as a')
    .innerJoin('webhook_deliveries as d', 'd.id', 'a.delivery_id')
    .select([
      'a.delivery_id',
      'a.attempt',
      'a.tenant_id',
      'a.subscription_id',
      'a.at',
      'a.status_code',
      'a.error',
      'a.duration_ms',
      'd.event_id',
      'd.event_type',
      'd.status',
      'd.next_attempt_at',
    ])
    .where('a.tenant_id', '=', tenantId)
    .where('a.subscription_id', '=', subscriptionId)
    .orderBy('a.at', 'desc')
    .orderBy('a.attempt', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    attempt: {
      delivery_id: r.delivery_id,
      attempt: Number(r.attempt),
      tenant_id: r.tenant_id,
      subscription_id: r.subscription_id,
      at: r.at,
      status_code: r.status_code === null ? null : Number(r.status_code),
      error: r.error,
      duration_ms: Number(r.duration_ms),
    },
    delivery: {
      id: r.delivery_id,
      event_id: r.event_id,
      event_type: r.event_type,
      status: r.status,
      next_attempt_at: r.next_attempt_at,
    },
  }));
}

/** Deliveries not yet sent once (queued), newest first: the log shows them as waiting. */
export function listPendingDeliveries(
  ex: Executor,
  tenantId: string,
  subscriptionId: string,
  limit: number,
): Promise<DeliveryRow[]> {
  return ex
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('subscription_id', '=', subscriptionId)
    .where('status', '=', 'pending')
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

export function lastAttemptOf(
  ex: Executor,
  tenantId: string,
  subscriptionId: string,
): Promise<Pick<AttemptRow, 'at' | 'status_code'> | undefined> {
  return ex
    .selectFrom('webhook_attempts')
    .select(['at', 'status_code'])
    .where('tenant_id', '=', tenantId)
    .where('subscription_id', '=', subscriptionId)
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
}
