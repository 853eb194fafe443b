/**
 * Who is calling: a personal API token (`Authorization: Bearer ckpat_...`, for the CLI and automation)
 * or the UI's session cookie. Resolved once per request into `request.actor`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccessService, Actor } from '../access/index.js';
import { DomainError, unauthenticated } from '../shared/index.js';
import { assertSameOriginChange } from './cross-origin.js';
import { SESSION_COOKIE } from './session-cookie.js';
import { HTTP_ERRORS } from './error-codes.js';

export { SESSION_COOKIE } from './session-cookie.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
    sessionToken: string | undefined;
    /** The caller is signed in but must first change the one-time password: `actor` is withheld from this route. */
    passwordChangeRequired: boolean;
  }
}

/**
 * What a user who signed in with a one-time password may call until it is changed: the change itself, who am
 * I (so the client learns `mustChangePassword`) and sign-out. Everything else that needs a caller answers 403
 * `access.password_change_required`; routes that need nobody (health, the role catalogue, the UI's files)
 * answer as they do for anyone. Enforced here, on the server, not by the web UI.
 */
const PASSWORD_CHANGE_ROUTES = new Set([
  'POST /auth/v1/password',
  'GET /auth/v1/session',
  'GET /auth/v1/me',
  'POST /auth/v1/logout',
]);

const passwordChangeRequired = () =>
  new DomainError(
    'forbidden',
    HTTP_ERRORS.password_change_required,
    'You signed in with a one-time password: set your own with POST /auth/v1/password {"currentPassword", "newPassword"} first. Until then only that, GET /auth/v1/session and POST /auth/v1/logout are allowed.',
  );

/** `publicOrigin`: the origin of the public URL (known only after listen when the port is 0). */
export function installAuthentication(app: FastifyInstance, access: AccessService, publicOrigin: () => string): void {
  app.decorateRequest('actor', undefined);
  app.decorateRequest('sessionToken', undefined);
  app.decorateRequest('passwordChangeRequired', false);
  app.addHook('onRequest', async (request) => {
    // The Cloud ALM API speaks bearer JWTs of service keys only; people's sessions and API tokens do not apply.
    if (request.url.startsWith('/api/')) return;
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ckpat_')) {
      request.actor = await access.resolveApiToken(header.slice('Bearer '.length).trim());
      if (!request.actor)
        throw unauthenticated(
          'The API token is unknown, revoked or expired. Create a new one with POST /auth/v1/tokens.',
        );
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      if (!cookie) return;
      assertSameOriginChange(request, publicOrigin());
      request.actor = await access.resolveSession(cookie);
      request.sessionToken = request.actor ? cookie : undefined;
    }
    if (
      request.actor?.mustChangePassword &&
      !PASSWORD_CHANGE_ROUTES.has(`${request.method} ${request.routeOptions.url ?? ''}`)
    ) {
      request.actor = undefined;
      request.passwordChangeRequired = true;
    }
  });
}

/** The authenticated caller, or a 401 (a 403 for a caller who must change the one-time password first). */
export function requireActor(request: FastifyRequest): Actor {
  if (request.passwordChangeRequired) throw passwordChangeRequired();
  if (!request.actor) throw unauthenticated();
  return request.actor;
}
