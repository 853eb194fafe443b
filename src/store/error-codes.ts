/**
 * The error codes the store raises, in one typed catalogue like landscape/errors.ts (errors.ts here recognises
 * database errors). A code is stable once released: callers branch on it. This file imports nothing, so that any
 * module may import it (.dependency-cruiser.cjs, `error-catalogues-are-leaves`; docs/ARCHITECTURE.md, "Add an
 * error code").
 */
export const STORE_ERRORS = {
  /** The database cannot be reached or opened. */
  unavailable: 'store.unavailable',
  migration_failed: 'store.migration_failed',
  /** `calm-keys backup` names a file that exists. */
  backup_target_exists: 'store.backup_target_exists',
  /** `calm-keys restore` was given a file that is not a calm-keys SQLite database. */
  not_a_backup: 'store.not_a_backup',
} as const;

export type StoreErrorCode = (typeof STORE_ERRORS)[keyof typeof STORE_ERRORS];
