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
} as const;

export type StoreErrorCode = (typeof STORE_ERRORS)[keyof typeof STORE_ERRORS];
