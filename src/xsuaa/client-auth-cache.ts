/**
 * Secrets this process has verified against the database, so that a client asking for tokens again and again
 * (as many do, one per call) costs no database read and no query building per token (issue 15: about a third
 * of the token endpoint's main-thread time besides the signature).
 *
 * Safe because:
 * - An entry is made only after the database proved the secret, and is found only by the same client id and
 *   the same secret: the key is a SHA-256 of both under a random key of this process, so the cache holds no
 *   secret, nothing comparable with the stored SHA-256 either, and a wrong secret is simply a miss (then the
 *   database decides and the failure counts against the throttle as before).
 * - Every change to clients or credentials made by this process (a new credential, a revoked binding or
 *   client; `clients.service.ts` calls `changed()`) empties it before the change commits, and an answer read
 *   from the database before such a change is not kept (the generation it was read in is gone), so revoking
 *   still makes the next token request fail at once. Clients and credentials change in no other way (their
 *   authorities and credential types are written once).
 * - It is on only when this process is the only one on the database (SQLite; main.ts decides). With
 *   PostgreSQL other processes may revoke, and nothing would tell this one: there every request asks the database.
 * - Bounded (`MAX_ENTRIES`, the oldest goes first), and an entry lives `TTL_MS` at most (or until the
 *   credential expires), so a forgotten invalidation could not keep a credential alive for long.
 */
import { hash, randomBytes } from 'node:crypto';
import type { ClientRecord } from './xsuaa.repo.js';

const MAX_ENTRIES = 10_000;
const TTL_MS = 5 * 60_000;

export interface VerifiedClient {
  readonly client: ClientRecord;
  readonly credentialId: string;
}

interface Entry extends VerifiedClient {
  readonly until: number;
}

export interface VerifiedSecretCache {
  /** The key of a (client id, presented secret) pair; nothing of the secret can be read back from it. */
  keyOf(clientId: string, secret: string): string;
  /** The client this pair was proven to be, if proven in this process since the last change. */
  get(key: string, nowMs: number): VerifiedClient | undefined;
  /** Which generation a database read starts in: `put` keeps its answer only if no change came since. */
  generation(): number;
  put(key: string, verified: VerifiedClient, readIn: number, nowMs: number, expiresAt: string | null): void;
  /** Clients or credentials changed (in this process): forget everything, and every answer read before now. */
  changed(): void;
  readonly size: number;
}

export function createVerifiedSecretCache(options: { enabled: boolean }): VerifiedSecretCache {
  // a keyed SHA-256 in one call (crypto.hash): an HMAC object per token was ~3% of the token endpoint (issue 15
  // profile). The key is only ever compared in this map, so the keyed prefix serves as HMAC's key did; the client
  // id's length goes first, so no other (id, secret) pair spells the same input.
  const processKey = randomBytes(32).toString('base64');
  const entries = new Map<string, Entry>();
  let generation = 0;
  return {
    keyOf: (clientId, secret) =>
      hash('sha256', `${processKey}\u0000${clientId.length}:${clientId}\u0000${secret}`, 'base64'),
    get(key, nowMs) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (nowMs >= entry.until) {
        entries.delete(key);
        return undefined;
      }
      return entry;
    },
    generation: () => generation,
    put(key, verified, readIn, nowMs, expiresAt) {
      if (!options.enabled || readIn !== generation) return;
      const until = Math.min(nowMs + TTL_MS, expiresAt === null ? Infinity : Date.parse(expiresAt));
      if (!(until > nowMs)) return;
      if (entries.size >= MAX_ENTRIES && !entries.has(key)) entries.delete(entries.keys().next().value!);
      entries.set(key, { ...verified, until });
    },
    changed() {
      generation++;
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
