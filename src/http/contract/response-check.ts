/**
 * Checks real answers against the declarations, for tests: each JSON answer of a declared route must match
 * the schema of its status (a success in `responses`, an error in `errors` with a listed code and the shared
 * error body). Installed only when a test enabled it (`enableResponseCheck`); production never does.
 */
import type { FastifyInstance } from 'fastify';
import { allErrors, errorBodySchema, oauthErrorSchema, serviceManagerErrorSchema } from './error-body.js';
import { contractOf } from './register.js';
import { FAULT_HEADER } from '../fault-injection.js';
import type { AnyRoute } from './route.js';

export interface ResponseMismatch {
  readonly route: string;
  readonly status: number;
  readonly problem: string;
}

let recorder: ResponseMismatch[] | undefined;

/** Test support only: from now on every app built in this process checks its answers into the returned list. */
export function enableResponseCheck(): ResponseMismatch[] {
  recorder ??= [];
  return recorder;
}

export function responseCheckEnabled(): boolean {
  return recorder !== undefined;
}

function bodyText(payload: unknown): string | undefined {
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) return payload.toString('utf8');
  return undefined; // a stream: a file, not JSON we build
}

/** What is wrong with this answer, or undefined when it matches the declaration. */
export function checkAnswer(
  route: AnyRoute,
  status: number,
  contentType: string,
  payload: unknown,
): string | undefined {
  const text = bodyText(payload);
  const isJson = /\bjson\b/.test(contentType);
  // a status >= 400 with its own declared body (the 503 of /readyz) is checked as a response, not an error body
  if (status >= 400 && !route.responses[status]) {
    const codes = allErrors(route).get(status);
    if (!codes) return `status ${status} is not declared in errors`;
    if (!isJson || text === undefined) return `an error answer that is not JSON (${contentType || 'no content type'})`;
    if (route.errorFormat === 'service-manager') {
      const sm = serviceManagerErrorSchema.safeParse(JSON.parse(text));
      if (!sm.success) return `error body does not match ServiceManagerError: ${sm.error.message}`;
      if (!codes.includes(sm.data.code))
        return `error code ${sm.data.code} is not declared for status ${status} (declared: ${codes.join(', ')})`;
      return undefined;
    }
    const oauth = route.errorFormat === 'rfc6749';
    // the input guard answers before routing reaches the route's own handler: our envelope, also on RFC 6749 routes
    // other than the token endpoint (whose error handler turns even those into RFC 6749 bodies)
    if (
      oauth &&
      status === 400 &&
      errorBodySchema.safeParse(JSON.parse(text)).success &&
      route.fastify?.errorHandler === undefined
    )
      return undefined;
    const parsed = (oauth ? oauthErrorSchema : errorBodySchema).safeParse(JSON.parse(text));
    if (!parsed.success)
      return `error body does not match ${oauth ? 'OAuthError' : 'ErrorBody'}: ${parsed.error.message}`;
    const code = oauth
      ? (parsed.data as { error: string }).error
      : (parsed.data as { error: { code: string } }).error.code;
    if (!codes.includes(code))
      return `error code ${code} is not declared for status ${status} (declared: ${codes.join(', ')})`;
    return undefined;
  }
  const spec = route.responses[status];
  if (!spec) return `status ${status} is not declared in responses`;
  if (!spec.schema)
    return text === undefined || text.length === 0
      ? undefined
      : `status ${status} is declared without a body but has one`;
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  const alternative = Object.entries(spec.alternatives ?? {}).find(([type]) => type === mediaType);
  const declaredType = alternative?.[0] ?? spec.contentType ?? 'application/json';
  const schema = alternative?.[1] ?? spec.schema;
  if (!/\bjson\b/.test(declaredType)) return undefined; // a file: its media type is checked, not its content
  if (!isJson || text === undefined) return `content type ${contentType || 'none'} where ${declaredType} is declared`;
  const parsed = schema.safeParse(JSON.parse(text));
  return parsed.success ? undefined : `body does not match the ${status} schema: ${parsed.error.message}`;
}

/** Called by buildApp when the check is enabled. */
export function installResponseCheck(app: FastifyInstance): void {
  const into = recorder;
  if (!into) return;
  app.addHook('onSend', async (request, reply, payload) => {
    const route = contractOf(request);
    if (!route) return payload;
    // an injected fault's answer (fault-injection.ts) is not the route's own: its contract does not apply
    if (reply.getHeader(FAULT_HEADER) !== undefined) return payload;
    const contentType = String(reply.getHeader('content-type') ?? '');
    let problem: string | undefined;
    try {
      problem = checkAnswer(route, reply.statusCode, contentType, payload);
    } catch (error) {
      problem = `answer could not be read: ${(error as Error).message}`;
    }
    if (problem) into.push({ route: `${route.method} ${route.path}`, status: reply.statusCode, problem });
    return payload;
  });
}
