/**
 * Who is calling: a personal API token (`Authorization: Bearer ckpat_...`, for the CLI and automation)
 * or the UI's session cookie. Resolved once per request into `request.actor`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccessService, Actor } from '../access/index.js';
import { forbidden, unauthenticated } from '../shared/index.js';
import { SESSION_COOKIE } from './session-cookie.js';

export { SESSION_COOKIE } from './session-cookie.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
    sessionToken: string | undefined;
  }
}

export function installAuthentication(app: FastifyInstance, access: AccessService): void {
  app.decorateRequest('actor', undefined);
  app.decorateRequest('sessionToken', undefined);
  app.addHook('onRequest', async (request) => {
    // The Cloud ALM API speaks bearer JWTs of service keys only; people's sessions and API tokens do not apply.
    if (request.url.startsWith('/api/')) return;
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ckpat_')) {
      request.actor = await access.resolveApiToken(header.slice('Bearer '.length).trim());
      if (!request.actor) throw unauthenticated('The API token is unknown, revoked or expired. Create a new one with POST /auth/v1/tokens.');
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) {
      if (isCrossSiteChange(request)) throw forbidden('A page of another site or origin cannot act with your calm-keys session. Use the calm-keys web UI itself.');
      request.actor = await access.resolveSession(cookie);
      request.sessionToken = request.actor ? cookie : undefined;
    }
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * SameSite=Strict keeps the cookie off requests from other sites, but not from other origins of the same site
 * (a sibling subdomain, another port on localhost), and a plain HTML form may post multipart or text/plain,
 * which the key upload takes. Browsers name the initiator in Sec-Fetch-Site: a change that a page of another
 * origin started is refused. Clients that send no such header (the CLI uses API tokens anyway) are unaffected.
 */
function isCrossSiteChange(request: FastifyRequest): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const site = request.headers['sec-fetch-site'];
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}

/** The authenticated caller, or a 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthenticated();
  return request.actor;
}
