/**
 * Sending: the fan-out of an event into one delivery per matching subscription (in the database, so that it
 * survives a restart), and the worker that sends due deliveries, signed the Standard Webhooks way, through the
 * egress client (allow-list, timeout). A failed attempt is retried with exponential backoff and jitter
 * (backoff.ts) until 24 h after the delivery was queued; then it is marked failed.
 *
 * - At least once, once per event: the outbox may hand an event over twice; the delivery is unique per event
 *   and subscription, so the second fan-out adds nothing.
 * - One process per delivery: a pass claims due deliveries with a lease (webhooks.repo.ts); a process that
 *   dies mid-send leaves its claim to lapse, and another process sends it again (same `webhook-id`, so a
 *   receiver can drop the duplicate).
 * - Passes of one process never overlap; a pass asked for while one runs runs right after it.
 */
import { newId, standardWebhookSignature } from '../crypto/index.js';
import { withTx, type Executor } from '../store/index.js';
import { nextAttemptAt } from './backoff.js';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookDeps } from './webhooks.deps.js';
import * as repo from './webhooks.repo.js';
import { parseEvents } from './webhooks.view.js';

/** An event to announce: its type, a stable id (the idempotency key) and the data sent (never a secret). */
export interface WebhookEvent {
  readonly id: string;
  readonly type: string;
  readonly tenantId: string;
  /** When it happened, ISO-8601 UTC: the payload's `timestamp`. */
  readonly at: string;
  readonly data: Readonly<Record<string, unknown>>;
}

const MAX_ERROR_TEXT = 300;

export const secretContext = (tenantId: string, id: string) => `webhook-secret:${tenantId}:${id}`;

/** The payload: `{type, timestamp, data}` (Standard Webhooks' recommended shape). */
export function payloadOf(event: WebhookEvent): string {
  return JSON.stringify({ type: event.type, timestamp: event.at, data: event.data });
}

function errorText(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const text = typeof code === 'string' ? `${code}: ${message}` : message;
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}...` : text;
}

export function createDeliveryWorker(deps: WebhookDeps) {
  const settings = { ...DEFAULT_WEBHOOK_SETTINGS, ...deps.settings };
  const { db, clock } = deps;
  const random = deps.random ?? Math.random;
  const claimant = newId();
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  let current: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  let lastPrune = Number.NEGATIVE_INFINITY;
  const iso = (ms: number) => new Date(ms).toISOString();

  async function queue(
    ex: Executor,
    event: WebhookEvent,
    subscriptions: readonly repo.SubscriptionRow[],
  ): Promise<string[]> {
    const body = payloadOf(event);
    const now = clock.now().toISOString();
    const ids: string[] = [];
    for (const subscription of subscriptions) {
      const id = `msg_${newId().replaceAll('-', '')}`;
      const inserted = await repo.insertDelivery(ex, {
        id,
        tenant_id: event.tenantId,
        subscription_id: subscription.id,
        event_id: event.id,
        event_type: event.type,
        body,
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        claimed_by: null,
        claimed_until: null,
        last_status_code: null,
        last_error: null,
        created_at: now,
        delivered_at: null,
      });
      if (inserted) ids.push(id);
    }
    return ids;
  }

  async function send(delivery: repo.DeliveryRow): Promise<void> {
    const subscription = await repo.findSubscription(db, delivery.tenant_id, delivery.subscription_id);
    if (!subscription) return; // deleted with its deliveries meanwhile
    const attempt = Number(delivery.attempts);
    const started = clock.now().getTime();
    let statusCode: number | null = null;
    let error: string | null = null;
    if (subscription.enabled !== 1) error = 'the subscription is disabled';
    else {
      try {
        const secret = deps.secrets
          .open(subscription.secret_sealed, secretContext(subscription.tenant_id, subscription.id))
          .toString('utf8');
        const timestamp = Math.floor(started / 1000);
        const response = await deps.sender.request({
          method: 'POST',
          url: subscription.url,
          headers: {
            'content-type': 'application/json',
            'webhook-id': delivery.id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': standardWebhookSignature(secret, delivery.id, timestamp, delivery.body),
          },
          body: delivery.body,
        });
        statusCode = response.status;
        if (statusCode < 200 || statusCode >= 300) error = `the receiver answered HTTP ${statusCode}`;
      } catch (failure) {
        error = errorText(failure);
      }
    }
    const nowMs = clock.now().getTime();
    const ok = error === null;
    const next =
      ok || subscription.enabled !== 1
        ? null
        : nextAttemptAt({ attempt, nowMs, createdAtMs: Date.parse(delivery.created_at) }, settings, random);
    await withTx(db, (tx) =>
      repo.finishAttempt(tx, {
        delivery,
        claimant,
        attempt: {
          delivery_id: delivery.id,
          attempt,
          tenant_id: delivery.tenant_id,
          subscription_id: delivery.subscription_id,
          at: iso(started),
          status_code: statusCode,
          error,
          duration_ms: Math.max(0, nowMs - started),
        },
        change: {
          status: ok ? 'delivered' : next === null ? 'failed' : 'pending',
          next_attempt_at: next === null ? delivery.next_attempt_at : iso(next),
          last_status_code: statusCode,
          last_error: error,
          delivered_at: ok ? iso(nowMs) : null,
        },
      }),
    );
  }

  async function runPass(): Promise<void> {
    for (let round = 0; round < 20 && !stopped; round += 1) {
      const now = clock.now().getTime();
      const rows = await repo.claimDueDeliveries(db, deps.dialect, {
        claimant,
        now: iso(now),
        leaseUntil: iso(now + settings.leaseMs),
        limit: settings.batchSize,
      });
      // receivers are independent: one slow receiver does not hold back the others of the batch
      await Promise.all(rows.map((row) => send(row).catch((error: unknown) => deps.onError?.(error))));
      if (rows.length < settings.batchSize) break;
    }
    const now = clock.now().getTime();
    if (now - lastPrune >= settings.pruneEveryMs) {
      lastPrune = now;
      await repo.pruneDeliveries(db, iso(now - settings.retentionMs));
    }
  }

  function pass(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (current === undefined) {
      current = runPass()
        .catch((error: unknown) => deps.onError?.(error))
        .finally(() => {
          current = undefined;
        });
      return current;
    }
    queued ??= current.then(() => {
      queued = undefined;
      return pass();
    });
    return queued;
  }

  return {
    /** Queues the event for every enabled subscription of its tenant that wants it; idempotent per event id. */
    async fanOut(event: WebhookEvent): Promise<void> {
      const subscriptions = (await repo.listSubscriptions(db, event.tenantId)).filter((s) => {
        const wanted = parseEvents(s.events);
        return s.enabled === 1 && (wanted.length === 0 || wanted.includes(event.type));
      });
      if ((await queue(db, event, subscriptions)).length > 0) void pass();
    },
    /** Queues an event for one subscription in `ex` (a `webhook.test`); returns the delivery's id. Then call `deliverDue`. */
    async queueOne(ex: Executor, event: WebhookEvent, subscription: repo.SubscriptionRow): Promise<string> {
      const [id] = await queue(ex, event, [subscription]);
      return id!;
    },
    /** Runs a pass now (after the one running, if any); never rejects. */
    deliverDue: pass,
    start(): void {
      stopped = false;
      void pass();
      timer = setInterval(() => void pass(), settings.pollMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await queued;
      await current;
    },
  };
}

export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>;
