/**
 * Who is calling: a personal API token (`Authorization: Bearer ckpat_...`, for the CLI and automation)
 * or the UI's session cookie. Resolved once per request into `request.actor`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccessService, Actor } from '../access/index.js';
import { unauthenticated } from '../shared/index.js';
import { assertSameOriginChange } from './cross-origin.js';
import { SESSION_COOKIE } from './session-cookie.js';

export { SESSION_COOKIE } from './session-cookie.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
    sessionToken: string | undefined;
  }
}

/** `publicOrigin`: the origin of the public URL (known only after listen when the port is 0). */
export function installAuthentication(app: FastifyInstance, access: AccessService, publicOrigin: () => string): void {
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
      assertSameOriginChange(request, publicOrigin());
      request.actor = await access.resolveSession(cookie);
      request.sessionToken = request.actor ? cookie : undefined;
    }
  });
}

/** The authenticated caller, or a 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthenticated();
  return request.actor;
}
