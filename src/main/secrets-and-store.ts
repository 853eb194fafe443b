/**
 * What every start opens first, in this order: the master key (inline or its file), the secret box over it,
 * the local TLS material for the public host (when TLS is local) and the store (SQLite or PostgreSQL).
 */
import type { Config } from '../config/index.js';
import {
  createSecretBox,
  loadOrCreateLocalTls,
  loadOrCreateMasterKey,
  type LoadedMasterKey,
  type LocalTls,
  type SecretBox,
} from '../crypto/index.js';
import type { Logger } from '../http/index.js';
import { openStore, type Store } from '../store/index.js';

export interface SecretsAndStore {
  readonly master: LoadedMasterKey;
  readonly secrets: SecretBox;
  readonly tls: LocalTls | undefined;
  readonly store: Store;
}

export async function openSecretsAndStore(config: Config, logger: Logger): Promise<SecretsAndStore> {
  const master = loadOrCreateMasterKey(
    config.masterKey ? { kind: 'inline', base64: config.masterKey } : { kind: 'file', path: config.masterKeyFile },
  );
  const secrets = createSecretBox(master.key);
  const publicHost = new URL(config.publicUrl).hostname.replace(/^\[|\]$/g, '');
  const tls = config.tls === 'local' ? await loadOrCreateLocalTls(config.tlsDir, [publicHost]) : undefined;
  // the logger hears of lost PostgreSQL connections; the next query reconnects
  const store = await openStore(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { sqliteFile: config.sqliteFile },
    { logger },
  );
  return { master, secrets, tls, store };
}
