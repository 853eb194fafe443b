/**
 * The media types of the Cloud ALM API's bodies. OTLP/HTTP carries one message in two encodings chosen by the
 * request's Content-Type: `application/json` (parsed by fastify) and `application/x-protobuf` (read as bytes
 * here; otlp-protobuf.ts in alm-api decodes them), each also gzip-compressed (content-encoding.ts). Any other
 * type is 415 naming the types the route reads, from its declaration: `alm.unsupported_media_type` on the OTLP
 * pushes, `request.unsupported_media_type` on the API's JSON routes.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OtlpPayload } from '../../../alm-api/index.js';
import { ALM_ERRORS } from '../../../alm-api/errors.js';
import { DomainError } from '../../../shared/index.js';
import { acceptBinaryBodies } from '../../content-encoding.js';
import { HTTP_ERRORS } from '../../error-codes.js';
import { contractOf } from '../../contract/register.js';
import { isRawBody } from '../../contract/route.js';

export const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

const essence = (request: FastifyRequest) =>
  String(request.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();

function unsupported(request: FastifyRequest): DomainError {
  const body = contractOf(request)?.body;
  const accepted = isRawBody(body) ? Object.keys(body.content) : [JSON_TYPE];
  const otlp = accepted.includes(PROTOBUF);
  const sent = essence(request);
  return new DomainError(
    'unsupported_media_type',
    otlp ? ALM_ERRORS.unsupported_media_type : HTTP_ERRORS.unsupported_media_type,
    `${sent ? `Content-Type "${sent.slice(0, 60)}" is` : 'A body without a Content-Type is'} not accepted here: ` +
      `send ${accepted.join(' or ')}${otlp ? ' (OTLP/HTTP), optionally with Content-Encoding: gzip' : ''}.`,
    { details: [{ path: 'Content-Type', message: `expected ${accepted.join(' or ')}` }] },
  );
}

/**
 * Registers the protobuf reader and the 415 for every type no parser takes, in the API's scope. fastify's own
 * text/plain reader is removed there: no route of the API reads text, and it would hand a protobuf body
 * mislabelled text/plain to the input guard as a string (a 400 about NUL characters instead of the 415).
 */
export function acceptOtlpMediaTypes(scope: FastifyInstance): void {
  scope.removeContentTypeParser('text/plain');
  acceptBinaryBodies(scope, [PROTOBUF]);
  scope.addContentTypeParser('*', (request, _payload, done) => done(unsupported(request), undefined));
}

/**
 * The OTLP body of a push with its encoding; a request without a body goes on as JSON, for the validator to
 * name what is missing. Any other type reaching here (none does while acceptOtlpMediaTypes is installed) is 415.
 */
export function otlpPayload(request: FastifyRequest, body: unknown): OtlpPayload {
  const type = essence(request);
  if (type === PROTOBUF && Buffer.isBuffer(body)) return { encoding: 'protobuf', body };
  if (type === JSON_TYPE || (type === '' && body === undefined)) return { encoding: 'json', body };
  throw unsupported(request);
}
