/** Sign-in, sign-out, who am I, password change, and personal API tokens: `/auth/v1/...`. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_TOKEN_MAX_DAYS, type AccessService } from '../../access/index.js';
import { requireActor } from '../auth.js';
import { clearSessionCookie, setSessionCookie } from '../session-cookie.js';
import { createLoginThrottle } from '../login-throttle.js';
import { parseInput } from '../validation.js';

export const loginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) });
export const passwordBody = z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) });
export const tokenBody = z.object({ name: z.string().min(1).max(100), expiresInDays: z.number().int().min(1).max(API_TOKEN_MAX_DAYS).optional() });
const idParams = z.object({ id: z.string().min(1).max(100) });

export function registerAuthRoutes(app: FastifyInstance, deps: { access: AccessService; secureCookies: boolean }): void {
  const { access } = deps;
  const throttle = createLoginThrottle();

  app.post('/auth/v1/login', async (request, reply) => {
    const { username, password } = parseInput(loginBody, request.body);
    const result = await throttle.attempt(username, request.ip, () => access.login(username, password));
    setSessionCookie(reply, result.sessionToken, result.expiresAt, deps.secureCookies);
    return { username: result.actor.username, expiresAt: result.expiresAt, mustChangePassword: result.mustChangePassword, roles: result.actor.assignments };
  });

  app.post('/auth/v1/logout', async (request, reply) => {
    const actor = requireActor(request);
    if (request.sessionToken) await access.logout(actor, request.sessionToken);
    clearSessionCookie(reply, deps.secureCookies);
    return reply.status(204).send();
  });

  app.get('/auth/v1/me', async (request) => {
    const actor = requireActor(request);
    return { userId: actor.userId, username: actor.username, via: actor.via.kind, mustChangePassword: actor.mustChangePassword === true, roles: actor.assignments };
  });

  /**
   * Whether this browser is signed in, always 200: the web UI asks it on load (its cookie is HttpOnly), so a
   * signed-out start is not an error in the browser console. GET /auth/v1/me stays 401 when signed out.
   */
  app.get('/auth/v1/session', async (request, reply) => {
    void reply.header('Cache-Control', 'no-store');
    const actor = request.actor;
    if (!actor) return { authenticated: false };
    return { authenticated: true, userId: actor.userId, username: actor.username, via: actor.via.kind, mustChangePassword: actor.mustChangePassword === true, roles: actor.assignments };
  });

  app.post('/auth/v1/password', async (request, reply) => {
    const { currentPassword, newPassword } = parseInput(passwordBody, request.body);
    const actor = requireActor(request);
    // a wrong current password is a password guess like a failed sign-in: it counts against the same limit
    const { session } = await throttle.attempt(actor.username, request.ip, () => access.changePassword(actor, currentPassword, newPassword));
    // every session of the user ended; the caller's browser continues on a new one
    if (session) setSessionCookie(reply, session.sessionToken, session.expiresAt, deps.secureCookies);
    return reply.status(204).send();
  });

  app.post('/auth/v1/tokens', async (request, reply) => {
    const input = parseInput(tokenBody, request.body);
    const created = await access.createApiToken(requireActor(request), input);
    void reply.header('Cache-Control', 'no-store');
    return reply.status(201).send({ ...created, note: 'Store this token now: calm-keys keeps only its hash and cannot show it again.' });
  });

  app.get('/auth/v1/tokens', async (request) => ({ tokens: await access.listApiTokens(requireActor(request)) }));

  app.delete('/auth/v1/tokens/:id', async (request, reply) => {
    const { id } = parseInput(idParams, request.params, 'params');
    await access.revokeApiToken(requireActor(request), id);
    return reply.status(204).send();
  });
}
