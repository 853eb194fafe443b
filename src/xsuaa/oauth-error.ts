/**
 * Errors of the token endpoint, answered exactly as RFC 6749 section 5.2 says:
 * `{"error": "...", "error_description": "..."}` with 400, or 401 for `invalid_client`
 * (with `WWW-Authenticate` when the client tried HTTP Basic). Throttling is 429 `invalid_client` with
 * Retry-After (client-auth-throttle.ts); body errors fastify raises map to 400 or 413 `invalid_request`.
 */
import type { OAuthErrorValue } from './errors.js';

/** The RFC 6749 section 5.2 codes the token endpoint answers (OAUTH_ERRORS lists all of the standard's). */
export type OAuthErrorCode = Exclude<OAuthErrorValue, 'server_error' | 'temporarily_unavailable'>;

export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status: number = error === 'invalid_client' ? 401 : 400,
    readonly retryAfterSeconds?: number,
  ) {
    super(description);
    this.name = 'OAuthError';
  }

  body(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

export function isOAuthError(value: unknown): value is OAuthError {
  return value instanceof OAuthError;
}
