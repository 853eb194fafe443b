/** Error codes of the composition root's own commands (`calm-keys admin ...` work on the database directly). */
export const MAIN_ERRORS = {
  no_database: 'admin.no_database',
} as const;

export type MainErrorCode = (typeof MAIN_ERRORS)[keyof typeof MAIN_ERRORS];
