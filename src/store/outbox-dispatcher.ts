/**
 * The transactional outbox: events written in the transaction of the change they announce (`enqueue`), and
 * one dispatcher per process that delivers them to the handlers subscribed to their topic, at least once.
 *
 * - Delivery: a pass claims a batch of due events with a lease (outbox.ts), calls every handler of each event's
 *   topic, and marks it delivered. A failing handler (or a topic nobody handles) leaves the event undelivered:
 *   its error (code and message, cut short) is recorded and it is due again after a backoff that doubles per
 *   attempt up to `maxBackoffMs`. Nothing is given up: an event waits until a handler takes it.
 * - Latency: after a commit the writer calls `deliverPending()`, which runs a pass at once and resolves when it
 *   is done, so a request sees the effect of its own event (LM's flag) before it answers; the poll every
 *   `pollMs` delivers what another process wrote, what a crash left behind, and the retries.
 * - One process per event: the lease. A process that dies mid-delivery holds the event until `leaseMs` ends;
 *   then any process claims it again. So handlers must be idempotent (a second delivery changes nothing).
 * - Passes of one process never overlap: a pass asked for while one runs runs right after it (once, for all
 *   who asked), so a writer's pass never returns early because the poll holds its event.
 * - Delivered events are deleted after `retentionMs` (checked at most once per `pruneEveryMs`).
 *
 * The store knows no feature: topics are strings chosen by the writer (btp/btp.events.ts), payloads JSON.
 */
import type { Clock } from '../shared/index.js';
import type { Db } from './database.js';
import type { Dialect } from './dialect.js';
import {
  claimOutboxEvents,
  enqueueOutboxEvent,
  markOutboxEventDelivered,
  markOutboxEventFailed,
  pruneOutboxEvents,
} from './outbox.js';
import type { Executor } from './transaction.js';

export interface OutboxMessage {
  readonly id: string;
  readonly topic: string;
  readonly payload: unknown;
  /** The HTTP request that wrote the event, if any. */
  readonly requestId: string | null;
  readonly createdAt: string;
  /** 1 on the first delivery; more after a failure or a lapsed lease. */
  readonly attempt: number;
}

export type OutboxHandler = (message: OutboxMessage) => Promise<void>;

export interface OutboxSettings {
  readonly pollMs: number;
  readonly leaseMs: number;
  readonly batchSize: number;
  readonly baseBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly retentionMs: number;
  readonly pruneEveryMs: number;
  /** Holds every event back until it is this old (tests of a crash before delivery); 0 in production. */
  readonly holdBackMs: number;
}

export const DEFAULT_OUTBOX_SETTINGS: OutboxSettings = {
  pollMs: 1_000,
  leaseMs: 60_000,
  batchSize: 50,
  baseBackoffMs: 1_000,
  maxBackoffMs: 300_000,
  retentionMs: 7 * 86_400_000,
  pruneEveryMs: 3_600_000,
  holdBackMs: 0,
};

export interface OutboxDeps {
  readonly db: Db;
  readonly dialect: Dialect;
  readonly clock: Clock;
  /** Ids of events and of this dispatcher (randomness is injected: crypto's newId). */
  readonly newId: () => string;
  readonly settings?: Partial<OutboxSettings>;
  /** A failed handler (the event is retried) or a failed pass (the database): never thrown to a writer. */
  readonly onError?: (error: unknown, context: { topic?: string; eventId?: string; attempt?: number }) => void;
}

export interface Outbox {
  /** Writes the event in `tx`, the transaction of the change: it exists if and only if that commits. */
  enqueue(tx: Executor, topic: string, payload: unknown, options?: { requestId?: string | undefined }): Promise<void>;
  /** Handlers are subscribed before `start`; several per topic all run (and all again on a retry). */
  subscribe(topic: string, handler: OutboxHandler): () => void;
  /** Runs a pass now (after the one running, if any) and resolves when it is done; never rejects. */
  deliverPending(): Promise<void>;
  /** Deletes events delivered longer than the retention ago; returns how many. */
  prune(): Promise<number>;
  start(): void;
  /** Stops polling and waits for the pass in progress; events left are delivered by the next start. */
  stop(): Promise<void>;
  /** This dispatcher's name in `claimed_by`. */
  readonly claimant: string;
}

const MAX_ERROR_TEXT = 500;

/** Code and message only (no stack, no cause, no properties a driver may attach), cut short. */
function errorText(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const text = typeof code === 'string' ? `${code}: ${message}` : message;
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}...` : text;
}

export function createOutbox(deps: OutboxDeps): Outbox {
  const settings = { ...DEFAULT_OUTBOX_SETTINGS, ...deps.settings };
  const { db, dialect, clock } = deps;
  const claimant = deps.newId();
  const handlers = new Map<string, Set<OutboxHandler>>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let lastPrune = 0;
  let current: Promise<void> | undefined;
  let queued: Promise<void> | undefined;

  const iso = (ms: number) => new Date(ms).toISOString();
  const backoffMs = (attempt: number) =>
    Math.min(settings.maxBackoffMs, settings.baseBackoffMs * 2 ** Math.max(0, attempt - 1));

  async function deliver(row: Awaited<ReturnType<typeof claimOutboxEvents>>[number]): Promise<void> {
    const attempt = Number(row.attempts);
    try {
      const message: OutboxMessage = {
        id: row.id,
        topic: row.topic,
        payload: JSON.parse(row.payload) as unknown,
        requestId: row.request_id,
        createdAt: row.created_at,
        attempt,
      };
      const subscribed = [...(handlers.get(row.topic) ?? [])];
      if (subscribed.length === 0) throw new Error(`no handler for the topic "${row.topic}" in this process`);
      for (const handler of subscribed) await handler(message);
    } catch (error) {
      deps.onError?.(error, { topic: row.topic, eventId: row.id, attempt });
      await markOutboxEventFailed(db, {
        id: row.id,
        claimant,
        retryAt: iso(clock.now().getTime() + backoffMs(attempt)),
        error: errorText(error),
      });
      return;
    }
    await markOutboxEventDelivered(db, row.id, clock.now().toISOString());
  }

  async function runPass(): Promise<void> {
    // a full batch may have left more behind: go on, within a bound so one pass cannot run forever
    for (let round = 0; round < 20 && !stopped; round += 1) {
      const now = clock.now().getTime();
      const rows = await claimOutboxEvents(db, dialect, {
        claimant,
        now: iso(now),
        dueBy: iso(now - settings.holdBackMs),
        leaseUntil: iso(now + settings.leaseMs),
        limit: settings.batchSize,
      });
      for (const row of rows) await deliver(row);
      if (rows.length < settings.batchSize) break;
    }
    const now = clock.now().getTime();
    if (now - lastPrune >= settings.pruneEveryMs) {
      lastPrune = now;
      await prune();
    }
  }

  function pass(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (current === undefined) {
      current = runPass()
        .catch((error: unknown) => deps.onError?.(error, {}))
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

  async function prune(): Promise<number> {
    return pruneOutboxEvents(db, iso(clock.now().getTime() - settings.retentionMs));
  }

  return {
    claimant,
    async enqueue(tx, topic, payload, options = {}) {
      await enqueueOutboxEvent(tx, {
        id: deps.newId(),
        topic,
        payload,
        requestId: options.requestId,
        at: clock.now().toISOString(),
      });
    },
    subscribe(topic, handler) {
      const set = handlers.get(topic) ?? new Set();
      set.add(handler);
      handlers.set(topic, set);
      return () => set.delete(handler);
    },
    deliverPending: pass,
    prune,
    start() {
      stopped = false;
      void pass();
      timer = setInterval(() => void pass(), settings.pollMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await queued;
      await current;
    },
  };
}
