/**
 * The web UI (web/, built by Vite into web/dist) served at `/`. Files are served as built; any other GET
 * outside the API prefixes answers index.html, so that the single-page app's routes survive a reload. API
 * prefixes keep their JSON 404s. UI responses carry a strict Content-Security-Policy (scripts only from this
 * origin, no framing), and hashed assets are cached for a year. The build writes brotli and gzip variants beside
 * each compressible file (scripts/web-compression.mjs); a client that accepts one gets it, nothing is compressed
 * per request.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Paths the UI never answers: the REST and protocol surfaces keep their own 404s. */
export const API_PREFIXES = [
  '/api',
  '/auth',
  '/access',
  '/audit',
  '/btp',
  // SAP's Accounts service API (routes/btp-accounts-api.routes.ts)
  '/accounts',
  // the SAP Service Manager API (routes/sm/)
  '/v1',
  '/lm',
  '/oauth',
  '/token_keys',
  '/.well-known',
  '/healthz',
  '/readyz',
  '/xsuaa',
  // the development clock (routes/dev-clock.routes.ts)
  '/dev',
  // fault injection (routes/faults.routes.ts)
  '/faults',
  '/metrics',
  '/openapi.json',
  '/reference',
] as const;

export function isApiPath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return API_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * Everything from this origin only, nothing inline: UI5 Web Components style through constructed style
 * sheets and the CSSOM, which CSP allows; the browser tests fail on any CSP violation (a console error).
 */
export const UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function uiHeaders(reply: FastifyReply): void {
  void reply.header('Content-Security-Policy', UI_CSP);
  void reply.header('X-Content-Type-Options', 'nosniff');
  void reply.header('X-Frame-Options', 'DENY');
  void reply.header('Referrer-Policy', 'no-referrer');
  void reply.header('Cross-Origin-Opener-Policy', 'same-origin');
  void reply.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
}

export interface WebUiOptions {
  /** The Vite build output (holds index.html); when it is missing, non-API paths say how to build it. */
  readonly root: string;
}

/** True when the request is one the UI answers with its page (a GET or HEAD outside the API prefixes). */
export function isUiPageRequest(request: FastifyRequest): boolean {
  return (request.method === 'GET' || request.method === 'HEAD') && !isApiPath(request.url);
}

/**
 * Registers the static files and returns the answer for unknown UI paths (index.html), which the app's
 * not-found handler calls for non-API GETs.
 */
export async function registerWebUi(
  app: FastifyInstance,
  options: WebUiOptions,
): Promise<(request: FastifyRequest, reply: FastifyReply) => FastifyReply> {
  const built = existsSync(join(options.root, 'index.html'));
  if (!built) {
    return (request, reply) =>
      reply.status(404).send({
        error: {
          code: 'web.not_built',
          message: 'The web UI has not been built: run `npm run build:web` (or `npm run build`) and restart.',
          details: [],
          requestId: String(request.id),
        },
      });
  }
  // The wildcard file route below matches every GET that no API route took. Under an API prefix that must be
  // the JSON 404, not whatever the file lookup says about the name (403 for one it will not look up).
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url === '/*' && isApiPath(request.url)) return reply.callNotFound();
  });
  await app.register(fastifyStatic, {
    root: options.root,
    prefix: '/',
    // one GET /* route: a file that exists is sent; any other path reaches the not-found handler, which
    // answers index.html outside the API prefixes and the JSON 404 inside them
    wildcard: true,
    index: ['index.html'],
    cacheControl: false,
    // `<file>.br`, then `<file>.gz`, as Accept-Encoding allows, else the file itself; every answer says
    // `Vary: Accept-Encoding`, and the Content-Type is the file's. sendFile (the index.html fallback) does the same.
    preCompressed: true,
    etag: true,
    lastModified: true,
    setHeaders: (reply, path) => {
      uiHeaders(reply);
      // Vite names assets by their content hash: they never change under the same name
      void reply.header(
        'Cache-Control',
        /[/\\]assets[/\\]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  return (_request, reply) => {
    uiHeaders(reply);
    void reply.header('Cache-Control', 'no-cache');
    return reply.status(200).type('text/html; charset=utf-8').sendFile('index.html');
  };
}
