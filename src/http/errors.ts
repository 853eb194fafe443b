/**
 * The one place that turns errors into HTTP answers: `{"error":{code,message,details,requestId}}`.
 * A domain error keeps its code and message; fastify's own errors (bad JSON, too large, wrong media type)
 * get stable codes; anything unexpected is a 500 whose body says nothing about the internals.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError, type ErrorKind, type Problem } from '../shared/index.js';
import { HTTP_ERRORS } from './error-codes.js';

export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  precondition_required: 428,
  rate_limited: 429,
  unavailable: 503,
};

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    details: readonly Problem[];
    warnings?: readonly Problem[];
    requestId: string;
  };
}

function body(
  request: FastifyRequest,
  code: string,
  message: string,
  details: readonly Problem[] = [],
  warnings: readonly Problem[] = [],
): ErrorBody {
  return {
    error: { code, message, details, ...(warnings.length > 0 ? { warnings } : {}), requestId: String(request.id) },
  };
}

/** fastify's framework errors that are the caller's fault, with the code and message we give them. */
export function frameworkError(error: FastifyError): { status: number; code: string; message: string } | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        code: HTTP_ERRORS.too_large,
        message: 'The request body is larger than this endpoint accepts.',
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        code: HTTP_ERRORS.unsupported_media_type,
        message: 'This endpoint does not accept that Content-Type.',
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        status: 400,
        code: HTTP_ERRORS.empty_body,
        message: 'The request has Content-Type application/json but no body.',
      };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, code: HTTP_ERRORS.malformed_body, message: 'The request body is not valid JSON.' };
    default:
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
        return { status: error.statusCode, code: HTTP_ERRORS.invalid, message: 'The request could not be understood.' };
      }
      // A body that is not valid JSON surfaces as a SyntaxError with status 400 from the JSON parser.
      return error instanceof SyntaxError
        ? { status: 400, code: HTTP_ERRORS.malformed_body, message: 'The request body is not valid JSON.' }
        : undefined;
  }
}

export function replyWithError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isDomainError(error)) {
    if (error.retryAfterSeconds !== undefined)
      void reply.header('Retry-After', String(Math.ceil(error.retryAfterSeconds)));
    return reply
      .status(STATUS_BY_KIND[error.kind])
      .send(body(request, error.code, error.message, error.details, error.warnings));
  }
  const known = frameworkError(error as FastifyError);
  if (known) return reply.status(known.status).send(body(request, known.code, known.message));
  request.log.error({ err: error }, 'unexpected error');
  return reply
    .status(500)
    .send(
      body(
        request,
        HTTP_ERRORS.internal,
        'Something went wrong inside calm-keys. The request id identifies it in the server log.',
      ),
    );
}
