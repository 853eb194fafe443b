/**
 * Which counters failed client authentications at the token endpoint go to, and what they may refuse.
 *
 * - Per (client, caller address), the client by primary key: every spelling of an id that resolves to the
 *   client (raw or form-encoded in Basic, in the body) counts together, and failures from one address do
 *   not touch the client's requests from any other. Over the limit, a *failed* attempt is answered 429
 *   instead of 401, telling the caller to stop; a correct secret or certificate still gets its token, so
 *   nobody can lock a client out, not even from its own address.
 * - Per caller address, failures with a client id that names no client (a guessed id, another case, a
 *   double encoding). Over the limit, every *failed* attempt from that address is answered 429; a correct
 *   credential is still served, because many callers may share one address (a proxy, this server's own
 *   Landscape Management Test) and one of them must not lock out the rest.
 *
 * Secrets are 256-bit random, so guessing them is hopeless anyway: the counters bound load and noise and
 * tell misconfigured callers to back off. One window counter holds both kinds of key.
 *
 * The counter is shared by every process on the database (`store/window-counter.ts`): with two processes a
 * client gets the same 20 failures, not 40. A successful authentication never waits for it: the check
 * before authenticating reads only what this process knows, and only a failure is counted in the database.
 */
import type { FailureCounter, WindowLimit } from '../shared/index.js';

/** 20 failed client authentications per minute, per key (the counter main.ts gives the token service). */
export const CLIENT_AUTH_FAILURE_LIMIT: WindowLimit = { limit: 20, windowMs: 60_000 };

const addressKey = (address: string) => `addr:${address}`;
const clientKey = (clientPk: string, address: string) => `client:${clientPk}@${address}`;

export interface ClientAuthThrottle {
  /** No I/O: seconds the address should wait if its next attempt fails too, or 0 (per-address counter only). */
  waitBeforeAuthentication(address: string): number;
  /**
   * Records a failed authentication, against the client when the id resolved to one (`clientPk`),
   * otherwise against the address. Returns the seconds the caller should wait if it had already used up
   * its failures before this one, or 0.
   */
  recordFailure(address: string, clientPk: string | undefined): Promise<number>;
}

export function createClientAuthThrottle(limiter: FailureCounter): ClientAuthThrottle {
  return {
    waitBeforeAuthentication: (address) => limiter.knownWait(addressKey(address)),
    recordFailure(address, clientPk) {
      return limiter.record(clientPk === undefined ? addressKey(address) : clientKey(clientPk, address));
    },
  };
}
