/**
 * Observed use of credentials: the token endpoint notes when a credential last obtained a token. To keep the
 * hot path cheap the database is written at most once a minute per credential; the time shown can therefore
 * be up to a minute old. A failed write never fails the token request.
 */
import { createWriteCoalescer, type Clock } from '../shared/index.js';
import type { Db } from '../store/index.js';
import * as repo from './xsuaa.repo.js';

const WRITE_EVERY_MS = 60_000;
const MAX_TRACKED = 100_000;

export function createKeyUsage(deps: { db: Db; clock: Clock }) {
  const writes = createWriteCoalescer(WRITE_EVERY_MS, MAX_TRACKED);
  return {
    async tokenIssued(credentialId: string): Promise<void> {
      const now = deps.clock.now();
      if (!writes.due(credentialId, now.getTime())) return;
      try {
        await repo.recordTokenIssued(deps.db, credentialId, now.toISOString());
      } catch {
        writes.forget(credentialId); // observed use is best effort; the token was valid regardless
      }
    },
    lastTokenIssuedAt(zoneId: string, clientId: string, bindingId: string): Promise<string | null> {
      return repo.lastTokenOfBinding(deps.db, zoneId, clientId, bindingId);
    },
  };
}

export type KeyUsage = ReturnType<typeof createKeyUsage>;
