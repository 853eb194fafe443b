/** The one error body of every route but the token endpoint (errors.ts builds it), and RFC 6749's. */
import { z } from 'zod';
import { isRawBody, type AnyRoute, type ErrorCodes } from './route.js';
import { HTTP_ERRORS } from '../error-codes.js';
import { SHARED_ERRORS } from '../../shared/error-codes.js';
import { STORE_ERRORS } from '../../store/index.js';
import { OAUTH_ERRORS } from '../../xsuaa/index.js';

export const problemSchema = z
  .strictObject({
    path: z.string().describe('JSON path of the offending value; `$` for the document as a whole'),
    rule: z.string().optional().describe('Rule id, e.g. F4 of the Landscape Management format check'),
    message: z.string(),
  })
  .meta({ id: 'Problem' });

export const errorBodySchema = z
  .strictObject({
    error: z.strictObject({
      code: z.string().describe('Stable code, e.g. btp.not_found; the route lists the codes it answers per status'),
      message: z.string().describe('What went wrong and what to do, for a person'),
      details: z.array(problemSchema),
      warnings: z.array(problemSchema).optional(),
      requestId: z.string().describe('Also in the x-request-id header and the server log'),
    }),
  })
  .meta({ id: 'ErrorBody', description: 'Every refusal of the REST API (not the token endpoint: RFC 6749).' });

export const oauthErrorSchema = z
  .strictObject({
    error: z.enum(Object.values(OAUTH_ERRORS)),
    error_description: z.string().optional(),
  })
  .meta({ id: 'OAuthError', description: 'RFC 6749 section 5.2 error of the token endpoint and the JWKS.' });

/** SAP Service Manager's error (`{error, description}`, its HTTP status's name in `error`), with our stable code. */
export const serviceManagerErrorSchema = z
  .strictObject({
    error: z
      .string()
      .describe("SAP's name of the status: BadRequest, Unauthorized, Forbidden, NotFound, Conflict, ..."),
    description: z.string().describe('What went wrong and what to do'),
    code: z.string().describe('Stable code, e.g. btp.sm_bad_query; the route lists the codes it answers per status'),
  })
  .meta({ id: 'ServiceManagerError', description: 'Every refusal of the Service Manager API (/v1).' });

/**
 * Codes a route answers because of what it is, not what it does (errors.ts, validation.ts, the input guard,
 * auth.ts): they are added to every declaration's own `errors`. Routes that answer RFC 6749 bodies (the token
 * endpoint) have none: they declare every error themselves.
 */
export function implicitErrors(route: AnyRoute): ErrorCodes {
  if (route.errorFormat === 'rfc6749') return {};
  // the input guard (input-guard.ts) refuses a NUL character or JSON nested too deep in any query or body
  const input = [
    ...(route.params ? [HTTP_ERRORS.invalid_params] : []),
    HTTP_ERRORS.invalid_query,
    ...(route.body !== undefined ? [HTTP_ERRORS.invalid_body] : []),
  ];
  const hasBody = route.body !== undefined;
  const jsonBody = hasBody && !isRawBody(route.body);
  const person = route.auth === 'person' || route.auth === 'person-or-bearer';
  const implicit: ErrorCodes = {
    400: [HTTP_ERRORS.invalid, ...input, ...(jsonBody ? [HTTP_ERRORS.malformed_body, HTTP_ERRORS.empty_body] : [])],
    ...(person ? { 401: [SHARED_ERRORS.unauthenticated] } : {}),
    ...(person
      ? {
          403: [
            HTTP_ERRORS.password_change_required,
            ...(route.method === 'GET' ? [] : [HTTP_ERRORS.cross_origin_request]),
          ],
        }
      : {}),
    ...(hasBody ? { 413: [HTTP_ERRORS.too_large], 415: [HTTP_ERRORS.unsupported_media_type] } : {}),
    500: [HTTP_ERRORS.internal],
    // every route reads the database (a person's session at least): while it cannot be reached, 503 with Retry-After
    503: [STORE_ERRORS.unavailable],
  };
  // a status the route answers with its own body (the 503 of /readyz) is not an error body there
  const own = new Set(Object.keys(route.responses).map(Number));
  return Object.fromEntries(Object.entries(implicit).filter(([status]) => !own.has(Number(status)))) as ErrorCodes;
}

/** The declared and implicit codes of a route, per status. */
export function allErrors(route: AnyRoute): Map<number, string[]> {
  const codes = new Map<number, Set<string>>();
  for (const source of [implicitErrors(route), route.errors]) {
    for (const [status, list] of Object.entries(source as ErrorCodes)) {
      const set = codes.get(Number(status)) ?? new Set<string>();
      for (const c of list ?? []) set.add(c);
      codes.set(Number(status), set);
    }
  }
  return new Map([...codes].sort(([a], [b]) => a - b).map(([s, set]) => [s, [...set].sort()]));
}
