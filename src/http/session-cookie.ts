/**
 * The UI's session cookie. Setting it (sign-in, password change) and clearing it (sign-out) go through the
 * same attributes, so the clearing Set-Cookie carries HttpOnly, Secure, SameSite=Strict and Path like the one
 * that set it: a browser replaces a cookie only when name, path and domain match, and a clearing header
 * without Secure/HttpOnly would itself be a weaker cookie if a browser ever kept it.
 */
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply } from 'fastify';

export const SESSION_COOKIE = 'calm_keys_session';

/** HttpOnly (scripts never see it), Secure on HTTPS, SameSite=Strict, the whole origin. */
export function sessionCookieAttributes(secure: boolean): CookieSerializeOptions {
  return { httpOnly: true, secure, sameSite: 'strict', path: '/' };
}

export function setSessionCookie(reply: FastifyReply, sessionToken: string, expiresAt: string, secure: boolean): void {
  void reply.setCookie(SESSION_COOKIE, sessionToken, {
    ...sessionCookieAttributes(secure),
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(SESSION_COOKIE, sessionCookieAttributes(secure));
}
