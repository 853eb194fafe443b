/**
 * Refuses a change (POST, PUT, PATCH, DELETE) made with the session cookie that a page of another origin
 * started. SameSite=Strict keeps the cookie off requests from other *sites*, but not from other origins of the
 * same site (a sibling subdomain, another port on localhost), and a plain HTML form may post multipart or
 * text/plain, which the key upload takes. The request's own headers tell, in order of trust:
 * 1. `Sec-Fetch-Site` (every current browser sends it, scripts cannot set it): only `same-origin` and `none`
 *    (the user typed it) pass.
 * 2. Without it (older browsers), `Origin`: it must be this server's public origin or the origin the request
 *    was addressed to (scheme + Host, so https://127.0.0.1:8443 works as well as https://localhost:8443).
 *    `null` (sandboxed frames, file: pages, redirects across origins) matches nothing and is refused.
 * 3. Without Origin too, `Referer`, compared the same way (a page may suppress it, but then step 4 applies
 *    only to browsers that send neither header on a cross-origin POST, and none that honours SameSite does).
 * 4. None of the three: a program that holds the cookie itself (curl with a cookie jar, as the README's quick
 *    start shows), not a browser acting for someone. It is allowed, as Go's net/http CrossOriginProtection and
 *    most frameworks do: a forged request needs a browser, and browsers send at least one of these headers.
 */
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../shared/index.js';
import { HTTP_ERRORS } from './error-codes.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Throws 403 `access.cross_origin_request` when a cookie-authenticated change was started by another origin. */
export function assertSameOriginChange(request: FastifyRequest, publicOrigin: string): void {
  if (SAFE_METHODS.has(request.method)) return;
  const site = request.headers['sec-fetch-site'];
  let refused: string | undefined;
  if (site !== undefined) {
    if (site !== 'same-origin' && site !== 'none')
      refused = `the browser marks it as started by a ${site} page (Sec-Fetch-Site)`;
  } else {
    const own = new Set([publicOrigin, originOf(`${request.protocol}://${request.host}`)]);
    const origin = request.headers.origin;
    const referer = request.headers.referer;
    if (origin !== undefined) {
      if (!own.has(origin)) refused = `it comes from the origin ${JSON.stringify(origin.slice(0, 100))} (Origin)`;
    } else if (referer !== undefined) {
      const from = originOf(referer);
      if (from === undefined || !own.has(from)) refused = 'it comes from a page of another origin (Referer)';
    }
  }
  if (refused !== undefined) {
    throw new DomainError(
      'forbidden',
      HTTP_ERRORS.cross_origin_request,
      `A page of another site or origin cannot act with your calm-keys session: ${refused}. Use the calm-keys web UI at ${publicOrigin}.`,
    );
  }
}
