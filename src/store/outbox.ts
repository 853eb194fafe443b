/**
 * The SQL of the transactional outbox (table `outbox_events`, migration 015). A writer inserts an event with
 * `enqueueOutboxEvent` in the transaction of its change; a dispatcher (outbox-dispatcher.ts) claims due events
 * with a lease, delivers them and marks them delivered, or records the failure and when to try again.
 *
 * Why a lease rather than a lock held while the handler runs: a handler writes in transactions of its own, and
 * a process that dies mid-delivery must not hold the event forever; its claim lapses at `claimed_until` and
 * another process (or itself, restarted) claims the event again. Delivery is therefore at least once.
 *
 * Claiming is one statement on both databases. PostgreSQL: the due rows are selected `FOR UPDATE SKIP LOCKED`
 * inside the UPDATE, so concurrent claimers in several processes take disjoint rows without waiting on each
 * other. SQLite has one writer: the UPDATE's condition is evaluated under the write lock, so a row claimed by
 * another connection (claimed_until in the future) is not taken again.
 */
import { sql } from 'kysely';
import type { Db } from './database.js';
import type { Dialect } from './dialect.js';
import type { OutboxEventsTable } from './tables.js';
import type { Executor } from './transaction.js';

export interface NewOutboxEvent {
  readonly id: string;
  readonly topic: string;
  /** Serialised as JSON; never a secret (the table is not sealed). */
  readonly payload: unknown;
  readonly requestId?: string | undefined;
  readonly at: string;
}

export async function enqueueOutboxEvent(ex: Executor, event: NewOutboxEvent): Promise<void> {
  await ex
    .insertInto('outbox_events')
    .values({
      id: event.id,
      topic: event.topic,
      payload: JSON.stringify(event.payload),
      request_id: event.requestId ?? null,
      created_at: event.at,
      available_at: event.at,
      attempts: 0,
      claimed_by: null,
      claimed_until: null,
      delivered_at: null,
      last_error: null,
    })
    .execute();
}

export interface ClaimRequest {
  readonly claimant: string;
  /** Now, ISO-8601: a lease that ends at or before it has lapsed. */
  readonly now: string;
  /** Only events available at or before this are due (now, or earlier when deliveries are held back). */
  readonly dueBy: string;
  readonly leaseUntil: string;
  readonly limit: number;
}

/** Claims up to `limit` due events (undelivered, available, no live lease), oldest first; counts the attempt. */
export async function claimOutboxEvents(db: Db, dialect: Dialect, claim: ClaimRequest): Promise<OutboxEventsTable[]> {
  const due = db
    .selectFrom('outbox_events')
    .select('id')
    .where('delivered_at', 'is', null)
    .where('available_at', '<=', claim.dueBy)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', claim.now)]));
  // an idle poll reads, it does not write: most polls find nothing
  if ((await due.limit(1).executeTakeFirst()) === undefined) return [];
  const rows = await db
    .updateTable('outbox_events')
    .set({
      claimed_by: claim.claimant,
      claimed_until: claim.leaseUntil,
      attempts: sql<number>`${sql.ref('attempts')} + 1`,
    })
    .where(
      'id',
      'in',
      due
        .orderBy('available_at')
        .orderBy('id')
        .limit(claim.limit)
        .$if(dialect === 'postgres', (q) => q.forUpdate().skipLocked()),
    )
    .where('delivered_at', 'is', null)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', claim.now)]))
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.available_at.localeCompare(b.available_at) || a.id.localeCompare(b.id));
}

export async function markOutboxEventDelivered(db: Db, id: string, at: string): Promise<void> {
  await db
    .updateTable('outbox_events')
    .set({ delivered_at: at, claimed_until: null })
    .where('id', '=', id)
    .where('delivered_at', 'is', null)
    .execute();
}

/** Frees the claim and makes the event due again at `retryAt`; a claimant whose lease was taken over changes nothing. */
export async function markOutboxEventFailed(
  db: Db,
  failure: { id: string; claimant: string; retryAt: string; error: string },
): Promise<void> {
  await db
    .updateTable('outbox_events')
    .set({ claimed_until: null, available_at: failure.retryAt, last_error: failure.error })
    .where('id', '=', failure.id)
    .where('claimed_by', '=', failure.claimant)
    .where('delivered_at', 'is', null)
    .execute();
}

/** Deletes events delivered at or before `cutoff`; undelivered ones stay whatever their age. */
export async function pruneOutboxEvents(db: Db, cutoff: string): Promise<number> {
  const result = await db
    .deleteFrom('outbox_events')
    .where('delivered_at', 'is not', null)
    .where('delivered_at', '<=', cutoff)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
