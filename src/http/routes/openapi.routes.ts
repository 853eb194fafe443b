/**
 * `GET /openapi.json`, and the guard that keeps it true: every route fastify registers must have a row in
 * ROUTE_DOCS and every row a route, or the server refuses to start (so any test catches a forgotten row).
 */
import type { FastifyInstance } from 'fastify';
import { buildOpenApiDocument, openApiPath, ROUTE_DOCS } from '../openapi.js';

/** Call first in buildApp, so that the collector sees every route registered after it. */
export function registerOpenApi(app: FastifyInstance, version: string): void {
  const registered = new Set<string>();
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      // HEAD twins of GET routes and the web UI's wildcard file routes are not API operations
      if (method === 'HEAD' || method === 'OPTIONS' || route.url.includes('*')) continue;
      registered.add(`${method} ${openApiPath(route.url)}`);
    }
  });
  app.addHook('onReady', async () => {
    const documented = new Set(Object.keys(ROUTE_DOCS));
    const undocumented = [...registered].filter((r) => !documented.has(r));
    const stale = [...documented].filter((r) => !registered.has(r));
    if (undocumented.length > 0 || stale.length > 0) {
      throw new Error(`OpenAPI table out of date (src/http/openapi.ts ROUTE_DOCS): undocumented ${undocumented.join(', ') || '-'}; documented but not registered ${stale.join(', ') || '-'}`);
    }
  });
  const document = buildOpenApiDocument(version);
  app.get('/openapi.json', async () => document);
}
