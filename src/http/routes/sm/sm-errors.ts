/**
 * How the Service Manager API answers errors: SAP's `{"error", "description"}` (the open-source Service
 * Manager's `HTTPError`: `error` is the status's name, BadRequest, NotFound, ...), never our
 * `{"error":{code,...}}` envelope, because Service Manager clients read that shape; our stable code rides
 * along in `code`. Installed as the error handler of every `/v1` route, so that errors raised before the
 * handler (a body that is not JSON, a body over the limit, the input guard, a bad API token) get it too.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { BTP_ERRORS } from '../../../btp/errors.js';
import { isDomainError } from '../../../shared/index.js';
import { HTTP_ERRORS } from '../../error-codes.js';
import { frameworkError, STATUS_BY_KIND } from '../../errors.js';

/** SAP's error names per status (Peripli service-manager `pkg/util/errors.go` and its callers). */
export const SM_ERROR_NAMES: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  422: 'UnprocessableEntity',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

/** Codes whose status is not their kind's: SAP answers 422 for a resource that has an operation running. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = { [BTP_ERRORS.sm_operation_in_progress]: 422 };

/** The Service Manager API's own paths (`sm_url` + `/v1/...`), where every answer, a 404 too, has SAP's shape. */
export function isServiceManagerPath(url: string): boolean {
  return url === '/v1' || url.startsWith('/v1/') || url.startsWith('/v1?');
}

export function sendSmError(reply: FastifyReply, status: number, code: string, description: string): FastifyReply {
  if (status === 401) void reply.header('WWW-Authenticate', 'Bearer realm="service-manager"');
  return reply.status(status).send({ error: SM_ERROR_NAMES[status] ?? 'Error', description, code });
}

export function serviceManagerErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isDomainError(error)) {
    if (error.retryAfterSeconds !== undefined)
      void reply.header('Retry-After', String(Math.ceil(error.retryAfterSeconds)));
    const status = STATUS_BY_CODE[error.code] ?? STATUS_BY_KIND[error.kind];
    return sendSmError(reply, status, error.code, error.message);
  }
  const known = frameworkError(error as FastifyError);
  if (known) return sendSmError(reply, known.status, known.code, known.message);
  request.log.error({ err: error }, 'unexpected error');
  return sendSmError(
    reply,
    500,
    HTTP_ERRORS.internal,
    `Something went wrong inside calm-keys. Request id ${String(request.id)} identifies it in the server log.`,
  );
}
