/**
 * `calm-keys admin reset-password`: the one command that works on the database directly, apart from the
 * server's start. It opens the store, resets the password through the access service and closes the store.
 */
import { existsSync } from 'node:fs';
import { createAccessService } from '../access/index.js';
import { createAuditWriter } from '../audit/index.js';
import type { Config } from '../config/index.js';
import { DomainError, systemClock, type Clock } from '../shared/index.js';
import { openStore } from '../store/index.js';
import { MAIN_ERRORS } from './errors.js';

/**
 * `calm-keys admin reset-password`: works on the database alone (no master key, no listener), so it recovers an
 * administrator whose one-time password was lost, also while the server is stopped. Audited as the CLI.
 */
export async function resetUserPassword(
  config: Config,
  username: string,
  options: { revokeTokens?: boolean } = {},
  clock: Clock = systemClock,
): Promise<{ oneTimePassword: string; liveTokens: number; tokensRevoked: number; database: string }> {
  if (!config.databaseUrl && !existsSync(config.sqliteFile)) {
    throw new DomainError(
      'not_found',
      MAIN_ERRORS.no_database,
      `There is no calm-keys database at ${config.sqliteFile}: pass the server's --data-dir (or CALM_KEYS_DATA_DIR), or --database-url for PostgreSQL.`,
    );
  }
  const store = await openStore(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { sqliteFile: config.sqliteFile },
  );
  try {
    const access = createAccessService({
      db: store.db,
      audit: createAuditWriter(clock),
      clock,
      sessionTtlMs: config.sessionTtlHours * 3_600_000,
    });
    const result = await access.resetPassword(
      username,
      { type: 'system', name: 'calm-keys admin reset-password' },
      options,
    );
    return { ...result, database: `${store.dialect} at ${store.location}` };
  } finally {
    await store.close();
  }
}
