/**
 * Every error code XSUAA answers through the REST error model (identity zones, OAuth clients, signing keys, the
 * verification of its tokens), in one typed catalogue like landscape/errors.ts. The token endpoint answers RFC
 * 6749 bodies instead: their `error` values are the standard's, listed in `OAUTH_ERRORS`. A code is stable once
 * released: callers branch on it. This file imports nothing, so that any module may import it
 * (.dependency-cruiser.cjs, `error-catalogues-are-leaves`; docs/ARCHITECTURE.md, "Add an error code").
 */
export const XSUAA_ERRORS = {
  oauth_client_not_found: 'oauth_client.not_found',
  identity_zone_not_found: 'identity_zone.not_found',
  bad_subdomain: 'xsuaa.bad_subdomain',
  zone_exists: 'xsuaa.zone_exists',
  client_exists: 'xsuaa.client_exists',
  rotation_concurrent: 'xsuaa.rotation_concurrent',
  rotation_pending: 'xsuaa.rotation_pending',
  rotation_too_soon: 'xsuaa.rotation_too_soon',
  no_signing_key: 'xsuaa.no_signing_key',
  /** The verifier's refusals of a bearer JWT (the Cloud ALM API answers them). */
  token_invalid: 'token.invalid',
  token_wrong_audience: 'token.wrong_audience',
  token_wrong_zone: 'token.wrong_zone',
  token_missing_scope: 'token.missing_scope',
} as const;

export type XsuaaErrorCode = (typeof XSUAA_ERRORS)[keyof typeof XSUAA_ERRORS];

/** RFC 6749 section 5.2 `error` values the token endpoint answers; the standard's words, not ours. */
export const OAUTH_ERRORS = {
  invalid_request: 'invalid_request',
  invalid_client: 'invalid_client',
  invalid_grant: 'invalid_grant',
  unauthorized_client: 'unauthorized_client',
  unsupported_grant_type: 'unsupported_grant_type',
  invalid_scope: 'invalid_scope',
  server_error: 'server_error',
  temporarily_unavailable: 'temporarily_unavailable',
} as const;

export type OAuthErrorValue = (typeof OAUTH_ERRORS)[keyof typeof OAUTH_ERRORS];
