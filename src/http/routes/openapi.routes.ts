/**
 * `GET /openapi.json`, built from the route declarations fastify registered (contract/), and the interactive
 * reference at `/reference` (@fastify/swagger in static mode with that document, @fastify/swagger-ui under
 * a Content-Security-Policy as strict as the web UI's for scripts: its HTML loads them from files, none inline).
 */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { buildOpenApiDocument } from '../contract/openapi.js';
import { registerRoutes } from '../contract/register.js';
import { defineRoute, json, openApiPath, type AnyRoute } from '../contract/route.js';
import type { ContractConfig } from '../contract/register.js';
import { UI_CSP } from '../web-ui.js';

export const REFERENCE_PREFIX = '/reference';

/**
 * The web UI's policy, except that inline styles are allowed: Swagger UI writes a `<style>` element of its own at
 * run time, which `style-src 'self'` blocks (a console error in the browser test). Scripts stay files only; the
 * page shows the public API document, no secret.
 */
export const REFERENCE_CSP = UI_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

const documentSchema = z
  .looseObject({ openapi: z.literal('3.1.0'), info: z.looseObject({}), paths: z.record(z.string(), z.unknown()) })
  .meta({ id: 'OpenApiDocument' });

const seen = new WeakMap<FastifyInstance, string[]>();

/** Routes registered without a declaration (the reference page's own files and HEAD twins excepted): none, by the test. */
export function routesOutsideContract(app: FastifyInstance): readonly string[] {
  return seen.get(app) ?? [];
}

/** Call first in buildApp, so that the collector sees every route registered after it. */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  const declared: AnyRoute[] = [];
  const outside: string[] = [];
  seen.set(app, outside);
  app.addHook('onRoute', (route) => {
    const contract = (route.config as ContractConfig | undefined)?.contract;
    if (contract) return void declared.push(contract);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    // HEAD twins of GET routes, the web UI's files and the reference page's own files are not API operations
    if (route.url.includes('*') || route.url.startsWith(REFERENCE_PREFIX)) return;
    for (const method of methods)
      if (method !== 'HEAD' && method !== 'OPTIONS') outside.push(`${method} ${openApiPath(route.url)}`);
  });
  // @fastify/swagger's static mode serves this very object. It is filled on the first request for it (the
  // document or the reference page), not when the app is ready: converting every route's schemas takes 100 to
  // 350 ms of CPU, which every start paid (each of the test suite's hundreds of servers) for a page most never open.
  // Routes are all registered by then (fastify registers none after listening).
  const document: Record<string, unknown> = {};
  let built = false;
  const ensureBuilt = () => {
    if (built) return;
    Object.assign(document, buildOpenApiDocument(version, declared));
    built = true;
  };
  registerRoutes(app, [
    defineRoute({
      method: 'GET',
      path: '/openapi.json',
      summary: 'This document (OpenAPI 3.1); the interactive reference is at /reference',
      tag: 'health',
      auth: 'none',
      responses: { 200: json('The OpenAPI document', documentSchema) },
      errors: {},
      handler: () => {
        ensureBuilt();
        return document;
      },
    }),
  ]);
  await app.register(fastifySwagger, { mode: 'static', specification: { document: document as never } });
  await app.register(fastifySwaggerUi, {
    routePrefix: REFERENCE_PREFIX,
    staticCSP: REFERENCE_CSP,
    uiConfig: { deepLinking: true, tryItOutEnabled: false },
    uiHooks: {
      onRequest: (_request, _reply, done) => {
        ensureBuilt();
        done();
      },
    },
    theme: { title: 'calm-keys API reference' },
  });
}
