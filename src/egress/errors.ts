/**
 * The codes of outbound HTTP failures (`EgressError.code`), one per `EgressErrorKind`, in one typed catalogue
 * like landscape/errors.ts. A code is stable once released: callers branch on it. This file imports nothing, so
 * that any module may import it (.dependency-cruiser.cjs, `error-catalogues-are-leaves`; docs/ARCHITECTURE.md,
 * "Add an error code").
 */
export const EGRESS_ERRORS = {
  timeout: 'egress.timeout',
  connection_refused: 'egress.connection_refused',
  dns: 'egress.dns',
  tls: 'egress.tls',
  too_large: 'egress.too_large',
  not_allowed: 'egress.not_allowed',
  invalid_url: 'egress.invalid_url',
  network: 'egress.network',
} as const;

export type EgressErrorCode = (typeof EGRESS_ERRORS)[keyof typeof EGRESS_ERRORS];
