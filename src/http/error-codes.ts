/**
 * The error codes the HTTP layer raises itself, in one typed catalogue like landscape/errors.ts: the generic
 * refusals of input handling (`request.*`), unknown routes, the sign-in and cross-origin refusals of auth.ts,
 * cross-origin.ts and login-throttle.ts, a taken port at listen, and the one 500. (errors.ts is the mapper from
 * errors to HTTP answers; this file is its catalogue.) A code is stable once released: callers branch on it.
 * This file imports nothing, so that any module may import it (.dependency-cruiser.cjs,
 * `error-catalogues-are-leaves`; docs/ARCHITECTURE.md, "Add an error code").
 */
export const HTTP_ERRORS = {
  invalid: 'request.invalid',
  invalid_params: 'request.invalid_params',
  invalid_query: 'request.invalid_query',
  invalid_body: 'request.invalid_body',
  malformed_body: 'request.malformed_body',
  empty_body: 'request.empty_body',
  too_large: 'request.too_large',
  unsupported_media_type: 'request.unsupported_media_type',
  unsupported_encoding: 'request.unsupported_encoding',
  bad_gzip: 'request.bad_gzip',
  /** Refused by node's HTTP parser before routing (client-error.ts). */
  headers_too_large: 'request.headers_too_large',
  request_timeout: 'request.timeout',
  malformed_request: 'request.malformed',
  route_not_found: 'route.not_found',
  password_change_required: 'access.password_change_required',
  cross_origin_request: 'access.cross_origin_request',
  login_throttled: 'access.login_throttled',
  port_in_use: 'serve.port_in_use',
  /** Anything unexpected: the body says nothing about the internals. */
  internal: 'internal',
} as const;

export type HttpErrorCode = (typeof HTTP_ERRORS)[keyof typeof HTTP_ERRORS];
