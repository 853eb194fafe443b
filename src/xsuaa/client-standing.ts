/**
 * A small cache of "does this OAuth client still stand, and since when": what the check of tokens of deleted
 * bindings (deleted-binding-tokens.ts) asks on every Cloud ALM API request. Ingest is a hot path (issue 15), so
 * the database is asked at most once per client and TTL (2 s), misses that arrive together are read in one
 * query, and requests waiting for the same client share that query. `forget` drops a client at once: the
 * process that deleted a binding calls it after the commit; every other process sees the deletion within the TTL.
 */
import type { Clock } from '../shared/index.js';
import type { Executor } from '../store/index.js';
import { findClientStandings } from './client-standing.repo.js';
import { revocationSignature } from './revocation-signature.js';

export interface ClientStanding {
  /** The client exists and is not revoked (its service instance is not deleted). */
  readonly exists: boolean;
  /** When its oldest credential that is not revoked was created (epoch ms); null when none is left. */
  readonly earliestLiveCredentialMs: number | null;
  /** The `rev_sig` of each credential that is not revoked (revocation-signature.ts). */
  readonly liveRevocationSignatures: ReadonlySet<string>;
}

/** How old a cached answer may be: the bound within which other processes see a deleted binding. */
export const CLIENT_STANDING_TTL_MS = 2_000;
/** Clients remembered at most (a few dozen bytes each); only ids of verified tokens ever get here. */
const MAX_ENTRIES = 10_000;
/** Client ids per query at most (one `in` list). */
const MAX_BATCH = 500;

const GONE: ClientStanding = { exists: false, earliestLiveCredentialMs: null, liveRevocationSignatures: new Set() };

export type ClientStandingLoader = (clientIds: readonly string[]) => Promise<ReadonlyMap<string, ClientStanding>>;

/** Reads the standing of each client in one query; an id that names no client is absent (read as gone). */
export function loadClientStandings(db: Executor): ClientStandingLoader {
  return async (clientIds) => {
    const standings = new Map<string, { exists: boolean; earliest: number | null; signatures: Set<string> }>();
    for (const row of await findClientStandings(db, clientIds)) {
      let standing = standings.get(row.client_id);
      if (!standing) {
        standing = { exists: row.revoked_at === null, earliest: null, signatures: new Set() };
        standings.set(row.client_id, standing);
      }
      if (row.credential_id === null || row.credential_created_at === null) continue;
      standing.signatures.add(revocationSignature(row.credential_id));
      const createdMs = Date.parse(row.credential_created_at);
      if (standing.earliest === null || createdMs < standing.earliest) standing.earliest = createdMs;
    }
    return new Map(
      [...standings].map(([clientId, s]) => [
        clientId,
        { exists: s.exists, earliestLiveCredentialMs: s.earliest, liveRevocationSignatures: s.signatures },
      ]),
    );
  };
}

export interface ClientStandingCache {
  standing(clientId: string): Promise<ClientStanding>;
  /**
   * Drops what is known of the client, also a read in flight, so the next request reads the database. With
   * `holdMs`, answers are not remembered for that long either: called inside the transaction that revokes, a
   * read before its commit must not be kept for a TTL.
   */
  forget(clientId: string, holdMs?: number): void;
}

export function createClientStandingCache(deps: {
  clock: Clock;
  load: ClientStandingLoader;
  ttlMs?: number;
  maxEntries?: number;
}): ClientStandingCache {
  const ttlMs = deps.ttlMs ?? CLIENT_STANDING_TTL_MS;
  const maxEntries = deps.maxEntries ?? MAX_ENTRIES;
  const known = new Map<string, { standing: ClientStanding; readAtMs: number }>();
  const inFlight = new Map<string, Promise<ClientStanding>>();
  /** Counts forgets: a read that started before one is answered to its waiters but not remembered. */
  let forgets = 0;
  let batch: { ids: Set<string>; answer: Promise<ReadonlyMap<string, ClientStanding>> } | undefined;
  /** Clients whose answers are read but not remembered until then (epoch ms), after a revocation began. */
  const held = new Map<string, number>();

  /** Joins the batch being gathered (flushed on the next turn of the event loop), or opens one. */
  function readBatched(clientId: string): Promise<ClientStanding> {
    if (!batch || batch.ids.size >= MAX_BATCH) {
      const ids = new Set<string>();
      const answer = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        // no id joins a batch whose query has started: a forget after this point opens a new one
        if (batch?.ids === ids) batch = undefined;
        return deps.load([...ids]);
      });
      batch = { ids, answer };
    }
    batch.ids.add(clientId);
    return batch.answer.then((answers) => answers.get(clientId) ?? GONE);
  }

  function remember(clientId: string, standing: ClientStanding, readAtMs: number): void {
    known.delete(clientId);
    if (known.size >= maxEntries) known.delete(known.keys().next().value!);
    known.set(clientId, { standing, readAtMs });
  }

  return {
    standing(clientId) {
      const now = deps.clock.now().getTime();
      const heldUntil = held.get(clientId);
      if (heldUntil !== undefined) {
        if (now < heldUntil) return readBatched(clientId);
        held.delete(clientId);
      }
      const entry = known.get(clientId);
      // a clock set back counts as expired: an answer is never older than the TTL
      if (entry && now >= entry.readAtMs && now - entry.readAtMs < ttlMs) return Promise.resolve(entry.standing);
      const pending = inFlight.get(clientId);
      if (pending) return pending;
      const forgetsBefore = forgets;
      const read = readBatched(clientId)
        .then((standing) => {
          // dated from before the query: the answer is at most the TTL older than the database
          if (forgets === forgetsBefore) remember(clientId, standing, now);
          return standing;
        })
        .finally(() => {
          if (inFlight.get(clientId) === read) inFlight.delete(clientId);
        });
      inFlight.set(clientId, read);
      return read;
    },

    forget(clientId, holdMs) {
      forgets += 1;
      known.delete(clientId);
      inFlight.delete(clientId);
      if (holdMs !== undefined && holdMs > 0) {
        if (held.size >= maxEntries) held.clear();
        held.set(clientId, deps.clock.now().getTime() + holdMs);
      }
    },
  };
}
