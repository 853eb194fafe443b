/**
 * Events of the BTP control plane that other modules act on (a deleted binding leaves its copy in the slot;
 * Landscape Management flags that copy). They go through the store's transactional outbox: `record` writes
 * the event in the transaction of the change, so that a crash between the commit and the delivery loses
 * nothing, and `deliverCommitted` asks for its delivery right after the commit. Delivery is at least once
 * and by one process at a time (the outbox's lease): a listener must be idempotent.
 *
 * The payload is stored as plain JSON: it never holds a secret (a client id and a keyed fingerprint).
 * The request that recorded the event is kept with it, and a listener runs in that request's audit scope, so
 * its audit records carry the deleting request's id whenever and wherever it is delivered.
 */
import { currentRequestId, runInRequestScope } from '../audit/index.js';
import type { Executor, Outbox } from '../store/index.js';

export interface BindingEvent {
  readonly bindingId: string;
  readonly instanceId: string;
  readonly subaccountId: string;
  readonly clientId: string;
  /** Keyed fingerprint of the binding's secret or certificate (SecretBox.fingerprint). */
  readonly secretFingerprint: string;
  /** When the binding's credential stopped working (the commit), ISO-8601 UTC; not when it was delivered. */
  readonly deletedAt: string;
}

export interface BtpEvents {
  'binding.deleted': BindingEvent;
}

export type BtpEventName = keyof BtpEvents;
type Listener<E extends BtpEventName> = (event: BtpEvents[E]) => void | Promise<void>;

/** The outbox topic of each event; stored in `outbox_events.topic`, so released names never change. */
export const BTP_EVENT_TOPICS: { readonly [E in BtpEventName]: string } = {
  'binding.deleted': 'btp.binding.deleted',
};

export interface BtpEventBus {
  /** Writes the event in `tx`, the transaction of the change it announces. */
  record<E extends BtpEventName>(tx: Executor, name: E, event: BtpEvents[E]): Promise<void>;
  /** After the commit: delivers what is due now and waits for it; a failure is retried later, never thrown. */
  deliverCommitted(): Promise<void>;
  /** A listener that throws leaves the event undelivered: it is delivered again after a backoff. */
  on<E extends BtpEventName>(name: E, listener: Listener<E>): () => void;
}

export function createBtpEventBus(outbox: Outbox): BtpEventBus {
  return {
    record: (tx, name, event) => outbox.enqueue(tx, BTP_EVENT_TOPICS[name], event, { requestId: currentRequestId() }),
    deliverCommitted: () => outbox.deliverPending(),
    on(name, listener) {
      return outbox.subscribe(BTP_EVENT_TOPICS[name], async (message) => {
        const event = message.payload as BtpEvents[typeof name];
        if (message.requestId === null) await listener(event);
        else await runInRequestScope(message.requestId, () => listener(event));
      });
    },
  };
}
