/**
 * Events of the BTP control plane, published inside the process after the change has committed, so that
 * Landscape Management can react (a deleted binding leaves its copy in the slot; LM flags that copy).
 */
export interface BindingEvent {
  readonly bindingId: string;
  readonly instanceId: string;
  readonly subaccountId: string;
  readonly clientId: string;
  /** Keyed fingerprint of the binding's secret or certificate (SecretBox.fingerprint). */
  readonly secretFingerprint: string;
}

export interface BtpEvents {
  'binding.deleted': BindingEvent;
}

export type BtpEventName = keyof BtpEvents;
type Listener<E extends BtpEventName> = (event: BtpEvents[E]) => void | Promise<void>;

export interface BtpEventBus {
  on<E extends BtpEventName>(name: E, listener: Listener<E>): () => void;
  /** Calls every listener; a failing listener is reported through `onError` and does not stop the others. */
  publish<E extends BtpEventName>(name: E, event: BtpEvents[E]): Promise<void>;
}

export function createBtpEventBus(onError: (error: unknown, name: BtpEventName) => void): BtpEventBus {
  const listeners = new Map<BtpEventName, Set<Listener<BtpEventName>>>();
  return {
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as Listener<BtpEventName>);
      listeners.set(name, set);
      return () => set.delete(listener as Listener<BtpEventName>);
    },
    async publish(name, event) {
      for (const listener of listeners.get(name) ?? []) {
        try {
          await listener(event);
        } catch (error) {
          onError(error, name);
        }
      }
    },
  };
}
