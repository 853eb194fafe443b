/**
 * The error codes the audit writer raises, in one typed catalogue like landscape/errors.ts. A code is stable
 * once released. This file imports nothing (.dependency-cruiser.cjs, `error-catalogues-are-leaves`).
 */
export const AUDIT_ERRORS = {
  /** A record's details carry text under a name that may hold a secret: a bug of the caller, never stored. */
  secret_field: 'audit.secret_field',
  /** `from` or `to` of an audit query is not an ISO 8601 time with a zone. */
  bad_time: 'audit.bad_time',
} as const;

export type AuditErrorCode = (typeof AUDIT_ERRORS)[keyof typeof AUDIT_ERRORS];
