/**
 * Hands declared routes to fastify. Order of a request: the person check (auth 'person'), `before`, then
 * params, query and body parsed by their schemas (400 naming each problem), then the handler. The
 * declaration rides along in the route's config, for the OpenAPI document and the response check.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../auth.js';
import { parseInput } from '../validation.js';
import { fastifyPath, isRawBody, type AnyRoute } from './route.js';

export interface ContractConfig {
  readonly contract?: AnyRoute;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The declaration of a route registered by registerRoutes. */
    contract?: AnyRoute;
  }
}

export function contractOf(request: FastifyRequest): AnyRoute | undefined {
  return (request.routeOptions.config as ContractConfig | undefined)?.contract;
}

async function run(route: AnyRoute, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  const actor = route.auth === 'person' ? requireActor(request) : undefined;
  const auth = route.before ? await route.before(request) : undefined;
  const params = route.params ? parseInput(route.params, request.params, 'params') : undefined;
  const query = route.query ? parseInput(route.query, request.query, 'query') : undefined;
  // parseInput reads a missing body as {}: a schema whose fields are all optional takes no body
  const body = isRawBody(route.body)
    ? request.body
    : route.body
      ? parseInput(route.body, request.body, 'body')
      : undefined;
  const success = Object.keys(route.responses)
    .map(Number)
    .filter((s) => s >= 200 && s < 300);
  // the one success status is the default; a route with two (200 dry run, 201 stored) sets its own
  if (success.length === 1) void reply.status(success[0]!);
  const result = await route.handler({ request, reply, params, query, body, actor: actor!, auth });
  if (result === undefined && !reply.sent) return reply.send();
  return result;
}

export function registerRoutes(app: FastifyInstance, routes: readonly AnyRoute[]): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: fastifyPath(route.path),
      ...route.fastify,
      config: { contract: route },
      handler: (request, reply) => run(route, request, reply),
    });
  }
}
