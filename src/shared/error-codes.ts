/**
 * The error codes shared's generic helpers spell (errors.ts: `forbidden()`, `unauthenticated()`), in one typed
 * catalogue like landscape/errors.ts. They read `access.*` because they are access refusals, but every layer
 * throws them, so they live here, below all modules. Codes built from a caller's prefix (time-window.ts,
 * calendar-date.ts) belong to that caller's catalogue. This file imports nothing (`error-catalogues-are-leaves`).
 */
export const SHARED_ERRORS = {
  forbidden: 'access.forbidden',
  unauthenticated: 'access.unauthenticated',
} as const;

export type SharedErrorCode = (typeof SHARED_ERRORS)[keyof typeof SHARED_ERRORS];
