/**
 * `calm-keys backup <file>` and `calm-keys restore <file>`: a consistent copy of the SQLite database while the
 * server serves, and putting one back into an empty data directory. The master key is not in the backup (it
 * would let whoever holds the file open every sealed secret): it is kept apart, and restore needs it and checks
 * that it is the one the backup's secrets were sealed with. PostgreSQL is backed up with pg_dump.
 */
import { copyFileSync, existsSync, readdirSync, constants, chmodSync } from 'node:fs';
import type { Config } from '../config/index.js';
import { loadOrCreateMasterKey, masterKeyId } from '../crypto/index.js';
import { DomainError } from '../shared/index.js';
import { backupSqlite, inspectSqliteBackup, restoreSqlite, type BackupProgress } from '../store/index.js';
import { MAIN_ERRORS } from './errors.js';

/** The pg_dump and pg_restore commands for a PostgreSQL server, the URL's password left out (PGPASSWORD or ~/.pgpass). */
export function postgresBackupCommands(databaseUrl: string, file: string): { dump: string; restore: string } {
  const url = new URL(databaseUrl);
  url.password = '';
  const quoted = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return {
    dump: `pg_dump --format=custom --no-owner --file=${quoted(file)} ${quoted(url.toString())}`,
    restore: `pg_restore --no-owner --exit-on-error --dbname=${quoted(url.toString())} ${quoted(file)}`,
  };
}

export async function backupData(
  config: Config,
  file: string,
  onProgress?: (progress: BackupProgress) => void,
): Promise<{ pages: number; database: string; masterKeyId: string | undefined }> {
  if (config.databaseUrl) {
    const { dump, restore } = postgresBackupCommands(config.databaseUrl, file);
    throw new DomainError(
      'invalid_input',
      MAIN_ERRORS.backup_use_pg_dump,
      `calm-keys backup copies the embedded SQLite database; with DATABASE_URL, back up PostgreSQL with pg_dump (consistent while the server runs; the password from PGPASSWORD or ~/.pgpass):\n  ${dump}\nand bring it back into an empty database with:\n  ${restore}\nKeep the master key apart from the dump, as for SQLite.`,
    );
  }
  if (!existsSync(config.sqliteFile)) {
    throw new DomainError(
      'not_found',
      MAIN_ERRORS.no_database,
      `There is no calm-keys database at ${config.sqliteFile}: pass the server's --data-dir (or CALM_KEYS_DATA_DIR).`,
    );
  }
  const { pages } = await backupSqlite(config.sqliteFile, file, onProgress);
  const { sealedSample } = inspectSqliteBackup(file);
  return { pages, database: config.sqliteFile, masterKeyId: sealedSample ? sealedKeyId(sealedSample) : undefined };
}

/** Where restore finds the master key: --master-key-file, else CALM_KEYS_MASTER_KEY, else CALM_KEYS_MASTER_KEY_FILE when it exists. */
export interface RestoreOptions {
  readonly masterKeyFile?: string;
}

export function restoreData(
  config: Config,
  file: string,
  options: RestoreOptions = {},
): { database: string; masterKeyFile: string | undefined } {
  if (config.databaseUrl) {
    const { restore } = postgresBackupCommands(config.databaseUrl, file);
    throw new DomainError(
      'invalid_input',
      MAIN_ERRORS.backup_use_pg_dump,
      `calm-keys restore puts back an SQLite backup; with DATABASE_URL, restore a pg_dump file with:\n  ${restore}`,
    );
  }
  if (existsSync(config.dataDir) && readdirSync(config.dataDir).length > 0) {
    throw new DomainError(
      'conflict',
      MAIN_ERRORS.restore_data_dir_not_empty,
      `The data directory ${config.dataDir} is not empty: restore only into a new or empty directory (--data-dir), so that no live data is overwritten.`,
    );
  }
  const { sealedSample } = inspectSqliteBackup(file);
  const master = readMasterKey(config, options);
  const expected = sealedSample ? sealedKeyId(sealedSample) : undefined;
  if (expected !== undefined && masterKeyId(master.key) !== expected) {
    throw new DomainError(
      'invalid_input',
      MAIN_ERRORS.restore_wrong_master_key,
      `The master key from ${master.source} (id ${masterKeyId(master.key)}) is not the one this backup's secrets were sealed with (id ${expected}): give the master key of the server the backup was made on.`,
    );
  }
  restoreSqlite(file, config.sqliteFile);
  // a key file given on the command line is put where the restored server reads it, owner-only
  let masterKeyFile: string | undefined;
  if (options.masterKeyFile !== undefined && !config.masterKey) {
    copyFileSync(options.masterKeyFile, config.masterKeyFile, constants.COPYFILE_EXCL);
    chmodSync(config.masterKeyFile, 0o600);
    masterKeyFile = config.masterKeyFile;
  }
  return { database: config.sqliteFile, masterKeyFile };
}

function readMasterKey(config: Config, options: RestoreOptions): { key: Buffer; source: string } {
  if (options.masterKeyFile !== undefined) {
    if (!existsSync(options.masterKeyFile)) {
      throw new DomainError(
        'not_found',
        MAIN_ERRORS.restore_master_key_required,
        `There is no master key file ${options.masterKeyFile}.`,
      );
    }
    const loaded = loadOrCreateMasterKey({ kind: 'file', path: options.masterKeyFile });
    return { key: loaded.key, source: options.masterKeyFile };
  }
  if (config.masterKey) {
    return {
      key: loadOrCreateMasterKey({ kind: 'inline', base64: config.masterKey }).key,
      source: 'CALM_KEYS_MASTER_KEY',
    };
  }
  if (existsSync(config.masterKeyFile)) {
    return {
      key: loadOrCreateMasterKey({ kind: 'file', path: config.masterKeyFile }).key,
      source: config.masterKeyFile,
    };
  }
  throw new DomainError(
    'invalid_input',
    MAIN_ERRORS.restore_master_key_required,
    'A backup holds no master key: give the one of the server the backup was made on with --master-key-file <file> (its master.key), or CALM_KEYS_MASTER_KEY. Without it the restored secrets cannot be decrypted.',
  );
}

/** A sealed value reads `v1.<master key id>.<wrapped key>.<ciphertext>` (crypto/envelope.ts). */
function sealedKeyId(sealed: string): string | undefined {
  return sealed.split('.')[1];
}
