/**
 * The BTP control plane REST API, shaped after SAP Service Manager (`/v1/service_instances`,
 * `/v1/service_bindings` with `credentials` in the binding) plus account endpoints. This file applies SAP's
 * documented rate limits (btp-route-parts.ts) to every `/btp/v1` route, and registers the account routes
 * (btp-accounts.routes.ts) and the instance and binding routes (btp-instances.routes.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Btp } from '../../btp/index.js';
import { registerRoutes } from '../contract/register.js';
import { btpAccountRoutes } from './btp-accounts.routes.js';
import { btpInstanceRoutes } from './btp-instances.routes.js';
import { serviceManagerRateLimits } from './btp-route-parts.js';

function rateLimits() {
  const limit = serviceManagerRateLimits();
  // The route's pattern, not the URL: the router decodes percent-encoding before matching (/%62tp/... is /btp/...)
  return (request: FastifyRequest, route: string, who: string) =>
    limit(who, {
      onBindings: route.startsWith('/btp/v1/service_bindings'),
      createsInstance: request.method === 'POST' && route.startsWith('/btp/v1/service_instances'),
    });
}

export function registerBtpRoutes(app: FastifyInstance, deps: { btp: Btp }): void {
  const { accounts, instances } = deps.btp;
  const limit = rateLimits();
  app.addHook('preHandler', async (request) => {
    const route = request.routeOptions.url;
    if (route?.startsWith('/btp/v1/') && request.actor) limit(request, route, request.actor.userId);
  });

  registerRoutes(app, [...btpAccountRoutes(accounts), ...btpInstanceRoutes(instances)]);
}
