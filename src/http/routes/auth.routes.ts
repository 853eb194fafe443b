/** Sign-in, sign-out, who am I, password change, and personal API tokens: `/auth/v1/...`. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { accessViews as views, API_TOKEN_MAX_DAYS, decide, type AccessService } from '../../access/index.js';
import { clearSessionCookie, setSessionCookie } from '../session-cookie.js';
import { createLoginThrottle, type LoginFailureCounters } from '../login-throttle.js';
import { registerRoutes } from '../contract/register.js';
import { defineRoute, json, noContent } from '../contract/route.js';
import { ACCESS_ERRORS } from '../../access/errors.js';
import { HTTP_ERRORS } from '../error-codes.js';
import { SHARED_ERRORS } from '../../shared/error-codes.js';

export const loginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) });
export const passwordBody = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
});
export const tokenBody = z.object({
  name: z.string().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(API_TOKEN_MAX_DAYS).optional(),
});
const idParams = z.object({ id: z.string().min(1).max(100) });
const tag = 'auth';
const THROTTLED = { 429: [HTTP_ERRORS.login_throttled] } as const;

export function registerAuthRoutes(
  app: FastifyInstance,
  deps: { access: AccessService; secureCookies: boolean; loginFailures?: LoginFailureCounters },
): void {
  const { access } = deps;
  const throttle = createLoginThrottle(deps.loginFailures ? { failures: deps.loginFailures } : {});

  registerRoutes(app, [
    defineRoute({
      method: 'POST',
      path: '/auth/v1/login',
      summary: 'Sign in; sets the session cookie',
      tag,
      auth: 'none',
      body: loginBody,
      responses: { 200: json('Signed in (Set-Cookie: the session)', views.loginAnswerSchema) },
      errors: { ...THROTTLED, 401: [SHARED_ERRORS.unauthenticated], 403: [HTTP_ERRORS.cross_origin_request] },
      handler: async ({ body, request, reply }) => {
        const result = await throttle.attempt(body.username, request.ip, () =>
          access.login(body.username, body.password),
        );
        setSessionCookie(reply, result.sessionToken, result.expiresAt, deps.secureCookies);
        return {
          username: result.actor.username,
          expiresAt: result.expiresAt,
          mustChangePassword: result.mustChangePassword,
          roles: result.actor.assignments,
        };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/auth/v1/logout',
      summary: 'Sign out',
      tag,
      auth: 'person',
      responses: { 204: noContent('Signed out; the cookie is cleared') },
      errors: {},
      handler: async ({ actor, request, reply }) => {
        if (request.sessionToken) await access.logout(actor, request.sessionToken);
        clearSessionCookie(reply, deps.secureCookies);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/auth/v1/me',
      summary: 'The signed-in user and roles',
      tag,
      auth: 'person',
      responses: { 200: json('Who you are', views.meSchema) },
      errors: {},
      handler: ({ actor }) => ({
        userId: actor.userId,
        username: actor.username,
        via: actor.via.kind,
        mustChangePassword: actor.mustChangePassword === true,
        roles: actor.assignments,
      }),
    }),
    /**
     * Whether this browser is signed in, always 200: the web UI asks it on load (its cookie is HttpOnly), so a
     * signed-out start is not an error in the browser console. GET /auth/v1/me stays 401 when signed out.
     */
    defineRoute({
      method: 'GET',
      path: '/auth/v1/session',
      summary: 'Whether this browser is signed in (always 200; the web UI asks it on load)',
      tag,
      auth: 'none',
      responses: { 200: json('Signed in or not', views.sessionSchema) },
      errors: {},
      handler: ({ request, reply }) => {
        void reply.header('Cache-Control', 'no-store');
        const actor = request.actor;
        if (!actor) return { authenticated: false };
        const actions = {
          auditLog: decide(actor, 'system.audit.view', { kind: 'system' }) === 'allow',
          manageUsers: decide(actor, 'system.user.manage', { kind: 'system' }) === 'allow',
        };
        return {
          authenticated: true,
          userId: actor.userId,
          username: actor.username,
          via: actor.via.kind,
          mustChangePassword: actor.mustChangePassword === true,
          roles: actor.assignments,
          actions,
        };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/auth/v1/password',
      summary: 'Change the own password',
      tag,
      auth: 'person',
      body: passwordBody,
      responses: { 204: noContent('Changed; every other session of the user ended, this browser gets a new one') },
      errors: {
        ...THROTTLED,
        400: [ACCESS_ERRORS.weak_password, ACCESS_ERRORS.password_unchanged],
        401: [SHARED_ERRORS.unauthenticated],
      },
      handler: async ({ actor, body, request, reply }) => {
        // a wrong current password is a password guess like a failed sign-in: it counts against the same limit
        const { session } = await throttle.attempt(actor.username, request.ip, () =>
          access.changePassword(actor, body.currentPassword, body.newPassword),
        );
        // every session of the user ended; the caller's browser continues on a new one
        if (session) setSessionCookie(reply, session.sessionToken, session.expiresAt, deps.secureCookies);
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/auth/v1/tokens',
      summary: 'Create a personal API token (shown once)',
      tag,
      auth: 'person',
      body: tokenBody,
      responses: { 201: json('The token, shown once', views.createdApiTokenSchema) },
      errors: { 400: [ACCESS_ERRORS.bad_token_name, ACCESS_ERRORS.bad_token_expiry] },
      handler: async ({ actor, body, reply }) => {
        const created = await access.createApiToken(actor, body);
        void reply.header('Cache-Control', 'no-store');
        return { ...created, note: 'Store this token now: calm-keys keeps only its hash and cannot show it again.' };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/auth/v1/tokens',
      summary: 'List own API tokens (never the token)',
      tag,
      auth: 'person',
      responses: { 200: json('Your API tokens', views.apiTokenListSchema) },
      errors: {},
      handler: async ({ actor }) => ({ tokens: await access.listApiTokens(actor) }),
    }),
    defineRoute({
      method: 'DELETE',
      path: '/auth/v1/tokens/{id}',
      summary: 'Revoke an API token',
      tag,
      auth: 'person',
      params: idParams,
      responses: { 204: noContent('Revoked') },
      errors: { 404: [ACCESS_ERRORS.api_token_not_found] },
      handler: async ({ actor, params }) => void (await access.revokeApiToken(actor, params.id)),
    }),
  ]);
}
