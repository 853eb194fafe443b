/**
 * How the token endpoint answers errors: RFC 6749 section 5.2 bodies `{"error","error_description"}` with
 * `Cache-Control: no-store` and `Pragma: no-cache`, never our `{"error":{code,...}}` envelope, because OAuth
 * clients (xssec, the Cloud SDK, openid-client) read only the former. That holds for errors fastify raises
 * before the handler runs too (a JSON body that does not parse, a body over the limit, a media type with no
 * parser): the route installs `tokenEndpointErrorHandler` so that they never reach the app's error handler.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '../shared/index.js';
import { isOAuthError, NOT_A_FORM, OAuthError } from '../xsuaa/index.js';
import { STATUS_BY_KIND } from './errors.js';

export function sendOAuthError(reply: FastifyReply, error: OAuthError, usedBasic: boolean): FastifyReply {
  void reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
  if (error.status === 401 && usedBasic)
    void reply.header('WWW-Authenticate', 'Basic realm="oauth", error="invalid_client"');
  if (error.retryAfterSeconds !== undefined) void reply.header('Retry-After', String(error.retryAfterSeconds));
  return reply.status(error.status).send(error.body());
}

const NOT_A_FORM_CODES = new Set([
  'FST_ERR_CTP_INVALID_MEDIA_TYPE',
  'FST_ERR_CTP_INVALID_JSON_BODY',
  'FST_ERR_CTP_EMPTY_JSON_BODY',
]);

/** fastify's own errors about the request (they carry a 4xx statusCode), as RFC 6749 errors. */
function fromFrameworkError(error: FastifyError): OAuthError | undefined {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new OAuthError('invalid_request', 'The token request body is larger than this endpoint accepts.', 413);
  if (NOT_A_FORM_CODES.has(error.code) || error instanceof SyntaxError) {
    // JSON is not a token request whether it parses or not: the same answer as for a JSON body that parses.
    return new OAuthError('invalid_request', NOT_A_FORM);
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
    return new OAuthError('invalid_request', 'The token request could not be read.');
  return undefined;
}

/** Route-level error handler of `POST`/`GET /oauth/token` (main origin and mTLS listener) and `GET /token_keys`. */
export function tokenEndpointErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const usedBasic = request.headers.authorization?.toLowerCase().startsWith('basic ') ?? false;
  if (isOAuthError(error)) return sendOAuthError(reply, error, usedBasic);
  // the input guard's refusals (a NUL character, JSON nested too deep) are malformed requests
  if (isDomainError(error) && error.kind === 'invalid_input')
    return sendOAuthError(reply, new OAuthError('invalid_request', error.message), usedBasic);
  const known = fromFrameworkError(error as FastifyError);
  if (known) return sendOAuthError(reply, known, usedBasic);
  // RFC 6749 names no server error for the token endpoint; `server_error` is what UAA and others send.
  const status = isDomainError(error) && STATUS_BY_KIND[error.kind] >= 500 ? STATUS_BY_KIND[error.kind] : 500;
  request.log.error({ err: error }, 'token endpoint failed');
  void reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
  // the database is away (store.unavailable, 503): say when to try again, as every other route does
  if (status !== 500 && isDomainError(error) && error.retryAfterSeconds !== undefined)
    void reply.header('Retry-After', String(Math.ceil(error.retryAfterSeconds)));
  return reply.status(status).send({
    error: 'server_error',
    error_description: `The token could not be issued. Request id ${String(request.id)} identifies the failure in the server log.`,
  });
}
