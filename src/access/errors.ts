/**
 * Every error code the access module answers (users, sessions, API tokens, roles), in one typed catalogue
 * like landscape/errors.ts. `access.forbidden` and `access.unauthenticated` are spelled by shared's generic
 * helpers (shared/error-codes.ts), and the codes http/ raises for sign-in and cross-origin requests are in
 * http/error-codes.ts. A code is stable once released. This file imports nothing, so that any module may
 * import it (.dependency-cruiser.cjs, `error-catalogues-are-leaves`).
 */
export const ACCESS_ERRORS = {
  weak_password: 'access.weak_password',
  password_unchanged: 'access.password_unchanged',
  bad_username: 'access.bad_username',
  user_exists: 'access.user_exists',
  /** `admin reset-password` names a user this database does not hold. */
  user_not_found: 'access.user_not_found',
  /** A role assignment, a lock, an unlock, a delete or a reset names an unknown user. */
  assigned_user_not_found: 'user.not_found',
  /** Locking, deleting or resetting the password of one's own user (a lock-out one cannot undo; change it instead). */
  self_lockout: 'access.self_lockout',
  /** Locking or deleting the last calm-keys Administrator who can still sign in (no one could administer). */
  last_administrator: 'access.last_administrator',
  bad_token_name: 'access.bad_token_name',
  bad_token_expiry: 'access.bad_token_expiry',
  api_token_not_found: 'api_token.not_found',
  unknown_role: 'access.unknown_role',
  missing_scope: 'access.missing_scope',
  /** The guard's 404 when a refused caller names no error of its own (`GuardOptions.notFound`). */
  resource_not_found: 'resource.not_found',
} as const;

export type AccessErrorCode = (typeof ACCESS_ERRORS)[keyof typeof ACCESS_ERRORS];
