/**
 * Events of the service-key slot that other modules act on (webhooks/ delivers them to subscribers). Like btp's
 * events (btp/btp.events.ts) they go through the store's transactional outbox: `record` writes the event in the
 * transaction of the change, so a crash between the commit and the delivery loses nothing; delivery is at
 * least once and by one process at a time, so a listener must be idempotent (the event's `id` is stable across
 * deliveries: use it as the idempotency key).
 *
 * No payload ever holds a secret: a client id, a status, a step name, a time. They are stored as plain JSON.
 */
import { currentRequestId, runInRequestScope } from '../audit/index.js';
import type { Executor, Outbox } from '../store/index.js';

interface SlotEventBase {
  /** Stable across redeliveries; set by `record`. */
  readonly id: string;
  readonly tenantId: string;
  /** When the change committed, ISO-8601 UTC (not when it was delivered). */
  readonly at: string;
}

export interface LandscapeEvents {
  'key.uploaded': SlotEventBase & { readonly clientId: string | null; readonly source: 'upload' | 'provisioning' };
  'key.deleted': SlotEventBase & { readonly clientId: string | null };
  'key.restored': SlotEventBase & { readonly clientId: string | null };
  /** Every finished Test, manual or scheduled; `failedStep` names the step that failed when `status` is red. */
  'key.tested': SlotEventBase & {
    readonly status: 'green' | 'red';
    readonly reason: string;
    readonly failedStep: string | null;
    readonly trigger: 'manual' | 'scheduled';
  };
  /** The slot's status changed from green (or grey) to red: a Test failed or the binding was deleted in BTP. */
  'key.turned_red': SlotEventBase & { readonly reason: string; readonly previousStatus: string };
  'key.deleted_in_btp': SlotEventBase & { readonly clientId: string; readonly deletedAt: string };
  /** One step of a staged rotation (created, tested, pending, promoted, old_deleted, failed, cancelled, ...). */
  'key.rotation_step': SlotEventBase & {
    readonly rotationId: string;
    readonly step: string;
    readonly outcome: 'ok' | 'failed';
    readonly detail: string | null;
  };
  /** An X.509 credential of the slot's key expires within `daysLeft` days (warnings at 30, 7 and 1). */
  'key.certificate_expiring': SlotEventBase & {
    readonly clientId: string | null;
    readonly notAfter: string;
    readonly daysLeft: number;
  };
}

export type LandscapeEventName = keyof LandscapeEvents;
/** What a caller of `record` gives: everything but the id, which the bus assigns. */
export type LandscapeEventInput<E extends LandscapeEventName> = Omit<LandscapeEvents[E], 'id'>;
type Listener<E extends LandscapeEventName> = (event: LandscapeEvents[E]) => void | Promise<void>;

export const LANDSCAPE_EVENT_NAMES = [
  'key.uploaded',
  'key.deleted',
  'key.restored',
  'key.tested',
  'key.turned_red',
  'key.deleted_in_btp',
  'key.rotation_step',
  'key.certificate_expiring',
] as const satisfies readonly LandscapeEventName[];

/** The outbox topic of each event (stored in `outbox_events.topic`: released names never change). */
export function landscapeEventTopic(name: LandscapeEventName): string {
  return `lm.${name}`;
}

export interface LandscapeEventBus {
  /** Writes the event in `tx`, the transaction of the change it announces. */
  record<E extends LandscapeEventName>(tx: Executor, name: E, event: LandscapeEventInput<E>): Promise<void>;
  /** After the commit: delivers what is due now and waits for it; a failure is retried later, never thrown. */
  deliverCommitted(): Promise<void>;
  /** A listener that throws leaves the event undelivered: it is delivered again after a backoff. */
  on<E extends LandscapeEventName>(name: E, listener: Listener<E>): () => void;
}

export function createLandscapeEventBus(outbox: Outbox, newId: () => string): LandscapeEventBus {
  return {
    record: (tx, name, event) =>
      outbox.enqueue(tx, landscapeEventTopic(name), { ...event, id: newId() }, { requestId: currentRequestId() }),
    deliverCommitted: () => outbox.deliverPending(),
    on(name, listener) {
      return outbox.subscribe(landscapeEventTopic(name), async (message) => {
        const event = message.payload as LandscapeEvents[typeof name];
        if (message.requestId === null) await listener(event);
        else await runInRequestScope(message.requestId, () => listener(event));
      });
    },
  };
}
