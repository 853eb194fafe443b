/**
 * Injected faults (faults/, issue 18) on the token endpoint (`token`: /oauth/token on both listeners), the JWKS
 * (`jwks`: /token_keys) and the Cloud ALM API (`api`: /api/...). With no fault active each request costs
 * `injector.any()`, a length check. The client of a token request is its Basic user (read in onRequest) or the
 * form's or query's client_id (in preHandler, once the form is parsed); on the API it is the bearer token's
 * `client_id` claim, read without verifying: a forged token can only bring a fault upon its own request.
 * Every injected answer carries `x-calm-keys-fault: <id>` and is left out of the test-only response check: it is
 * not the route's own answer. Error answers keep the surface's shape: RFC 6749 on token and jwks, our envelope
 * on the API; 429 and 503 carry Retry-After.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  DEFAULT_RETRY_AFTER_SECONDS,
  FAULT_ERRORS,
  type ActiveFault,
  type FaultInjector,
  type FaultRequest,
  type FaultTarget,
} from '../faults/index.js';
import { OAUTH_ERRORS } from '../xsuaa/errors.js';

export const FAULT_HEADER = 'x-calm-keys-fault';

declare module 'fastify' {
  interface FastifyRequest {
    /** A token request whose client is known only once its form is parsed (preHandler decides). */
    faultPending: boolean;
  }
}

function targetOf(url: string): { target: FaultTarget; path?: string } | undefined {
  const end = url.indexOf('?');
  const path = end === -1 ? url : url.slice(0, end);
  if (path === '/oauth/token') return { target: 'token' };
  if (path === '/token_keys') return { target: 'jwks' };
  if (path.startsWith('/api/')) return { target: 'api', path: path.slice('/api/'.length) };
  return undefined;
}

function basicClientId(header: string | undefined): string | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  try {
    return decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
  } catch {
    return decoded.slice(0, colon);
  }
}

function queryClientId(url: string): string | undefined {
  const start = url.indexOf('?');
  return start === -1 ? undefined : (new URLSearchParams(url.slice(start + 1)).get('client_id') ?? undefined);
}

function bodyClientId(body: unknown): string | undefined {
  if (body instanceof URLSearchParams) return body.get('client_id') ?? undefined;
  const value = (body as { client_id?: unknown } | undefined)?.client_id;
  return typeof value === 'string' ? value : undefined;
}

/** The bearer token's client, unverified (see above); undefined for anything that is not a JWT. */
function bearerClientId(header: string | undefined): string | undefined {
  if (!header || !/^bearer /i.test(header)) return undefined;
  const payload = header.slice(7).trim().split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const id = claims.client_id ?? claims.cid;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

const oauthError = (status: number) =>
  status === 503 || status === 429
    ? OAUTH_ERRORS.temporarily_unavailable
    : status === 401
      ? OAUTH_ERRORS.invalid_client
      : status >= 500
        ? OAUTH_ERRORS.server_error
        : OAUTH_ERRORS.invalid_request;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends the fault's answer (or destroys the socket); undefined when the request goes on (latency). */
async function inject(
  fault: ActiveFault,
  target: FaultTarget,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  if (fault.kind === 'latency') {
    await sleep(fault.latencyMs ?? 0);
    void reply.header(FAULT_HEADER, fault.id);
    return undefined;
  }
  if (fault.kind === 'reset') {
    request.log.info({ fault: fault.id }, 'injected fault: connection reset');
    reply.hijack();
    const socket = request.raw.socket;
    try {
      socket.resetAndDestroy(); // a TCP RST where the socket allows it
    } catch {
      socket.destroy(); // a TLS socket: closed without an answer
    }
    return reply;
  }
  const status = fault.kind === 'rate_limit' ? 429 : (fault.status ?? 503);
  const description = `An injected fault (${fault.id}) answered ${status}: delete it with calm-keys faults delete ${fault.id}.`;
  void reply.status(status).header(FAULT_HEADER, fault.id).header('Cache-Control', 'no-store');
  if (status === 429 || status === 503)
    void reply.header('Retry-After', String(fault.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS));
  const body =
    target === 'api'
      ? { error: { code: FAULT_ERRORS.injected, message: description, details: [], requestId: String(request.id) } }
      : { error: oauthError(status), error_description: description };
  return reply.send(body);
}

export function installFaultInjection(app: FastifyInstance, injector: FaultInjector): void {
  app.decorateRequest('faultPending', false);
  app.addHook('onRequest', async (request, reply) => {
    if (!injector.any()) return;
    const where = targetOf(request.url);
    if (!where) return;
    let clientId: string | undefined;
    if (where.target === 'token' && injector.needsClientId('token')) {
      clientId = basicClientId(request.headers.authorization) ?? queryClientId(request.url);
      // the form's client_id is known in preHandler: decide there (a fault for every client could apply now,
      // but one decision per request keeps each fault's probability what it says)
      if (clientId === undefined && request.method === 'POST') {
        request.faultPending = true;
        return;
      }
    } else if (where.target === 'api' && injector.needsClientId('api')) {
      clientId = bearerClientId(request.headers.authorization);
    }
    const query: FaultRequest = { ...where, ...(clientId === undefined ? {} : { clientId }) };
    const fault = injector.pick(query);
    if (fault) return inject(fault, where.target, request, reply);
  });
  app.addHook('preHandler', async (request, reply) => {
    if (!request.faultPending) return;
    const clientId = bodyClientId(request.body) ?? queryClientId(request.url);
    const fault = injector.pick({ target: 'token', ...(clientId === undefined ? {} : { clientId }) });
    if (fault) return inject(fault, 'token', request, reply);
  });
}
