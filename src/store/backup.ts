/**
 * Copies of the SQLite database (`calm-keys backup` / `restore`): SQLite's online backup API, which copies a
 * consistent snapshot page by page while the server keeps reading and writing (a write by another connection
 * restarts the copy, so the result is always one committed state). PostgreSQL is backed up with pg_dump.
 */
import { chmodSync, copyFileSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DomainError } from '../shared/index.js';
import { STORE_ERRORS } from './error-codes.js';

/** Pages copied per step: small enough that a serving process is not held up, and progress can be shown. */
const PAGES_PER_STEP = 256;

export interface BackupProgress {
  readonly totalPages: number;
  readonly copiedPages: number;
}

/** Copies the live database `source` into the new file `target` (refused when it exists); mode 0600. */
export async function backupSqlite(
  source: string,
  target: string,
  onProgress: (progress: BackupProgress) => void = () => undefined,
): Promise<{ pages: number }> {
  if (existsSync(target)) {
    throw new DomainError(
      'conflict',
      STORE_ERRORS.backup_target_exists,
      `${target} already exists: name a new file (a backup never overwrites one).`,
    );
  }
  const db = new BetterSqlite3(source, { fileMustExist: true });
  try {
    // the backup holds password hashes and sealed secrets: owner-only, like the database
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    let step = PAGES_PER_STEP;
    let copiedBefore = 0;
    const result = await db.backup(target, {
      progress: ({ totalPages, remainingPages }) => {
        const copiedPages = totalPages - remainingPages;
        // a write restarted the copy: larger steps, so that a busy server cannot keep it from finishing
        if (copiedPages < copiedBefore) step *= 4;
        copiedBefore = copiedPages;
        onProgress({ totalPages, copiedPages });
        return step;
      },
    });
    // better-sqlite3 does not call back for the last step
    onProgress({ totalPages: result.totalPages, copiedPages: result.totalPages });
    chmodSync(target, 0o600);
    return { pages: result.totalPages };
  } finally {
    db.close();
  }
}

/** Checks that `file` is a calm-keys database (migrated, not damaged); returns one sealed secret for the master key check. */
export function inspectSqliteBackup(file: string): { sealedSample: string | undefined } {
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw notABackup(file, error);
  }
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw notABackup(file, new Error(String(check)));
    const row = db.prepare('select private_key_sealed as sealed from signing_keys limit 1').get() as
      { sealed: string } | undefined;
    return { sealedSample: row?.sealed };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw notABackup(file, error);
  } finally {
    db.close();
  }
}

/** Puts the backup `file` in place as the database `target` (which must not exist); mode 0600. */
export function restoreSqlite(file: string, target: string): void {
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  copyFileSync(file, target, constants.COPYFILE_EXCL);
  chmodSync(target, 0o600);
}

function notABackup(file: string, cause: unknown): DomainError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new DomainError(
    'invalid_input',
    STORE_ERRORS.not_a_backup,
    `${file} is not a calm-keys SQLite backup (${reason}).`,
    { cause },
  );
}
