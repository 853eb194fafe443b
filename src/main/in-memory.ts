/**
 * `serve --in-memory`: SQLite in memory (`:memory:`, config/load.ts) and a temporary data directory for the
 * master key and the local CA, made here and removed when the server stops, so that a test suite's run leaves
 * nothing behind. CALM_KEYS_DATA_DIR and CALM_KEYS_MASTER_KEY_FILE do not apply then; an inline
 * CALM_KEYS_MASTER_KEY still does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config/index.js';

export interface TemporaryData {
  readonly config: Config;
  /** The temporary directory, or undefined when the start keeps its data (no --in-memory). */
  readonly dir: string | undefined;
  /** Removes the temporary directory (safe to call twice, and synchronous: also from an exit handler). */
  remove(): void;
}

export function temporaryDataFor(config: Config): TemporaryData {
  if (!config.inMemory) return { config, dir: undefined, remove: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'calm-keys-in-memory-'));
  return {
    config: {
      ...config,
      dataDir: dir,
      masterKeyFile: join(dir, 'master.key'),
      tlsDir: join(dir, 'tls'),
      sqliteFile: ':memory:',
    },
    dir,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
