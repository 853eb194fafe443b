/**
 * The BTP control plane REST API, shaped after SAP Service Manager (`/v1/service_instances`,
 * `/v1/service_bindings` with `credentials` in the binding) plus account endpoints. This file owns SAP's
 * documented rate limits, emulated per caller (429 with Retry-After), and registers the account routes
 * (btp-accounts.routes.ts) and the instance and binding routes (btp-instances.routes.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Btp } from '../../btp/index.js';
import { createWindowCounter, DomainError } from '../../shared/index.js';
import { registerRoutes } from '../contract/register.js';
import { BTP_ERRORS } from '../../btp/errors.js';
import { btpAccountRoutes } from './btp-accounts.routes.js';
import { btpInstanceRoutes } from './btp-instances.routes.js';

/** SAP Service Manager's request limits per caller: overall, on bindings, and instance creations, per minute. */
export const SERVICE_MANAGER_RATE_LIMITS = { all: 1000, bindings: 600, createInstance: 50, windowMs: 60_000 } as const;

function rateLimits() {
  const { windowMs } = SERVICE_MANAGER_RATE_LIMITS;
  const limits = {
    all: createWindowCounter({ limit: SERVICE_MANAGER_RATE_LIMITS.all, windowMs }),
    bindings: createWindowCounter({ limit: SERVICE_MANAGER_RATE_LIMITS.bindings, windowMs }),
    createInstance: createWindowCounter({ limit: SERVICE_MANAGER_RATE_LIMITS.createInstance, windowMs }),
  };
  // The route's pattern, not the URL: the router decodes percent-encoding before matching (/%62tp/... is /btp/...)
  return (request: FastifyRequest, route: string, who: string) => {
    const applicable = [limits.all];
    if (route.startsWith('/btp/v1/service_bindings')) applicable.push(limits.bindings);
    if (request.method === 'POST' && route.startsWith('/btp/v1/service_instances'))
      applicable.push(limits.createInstance);
    const wait = Math.max(...applicable.map((l) => l.retryAfter(who)));
    if (wait > 0)
      throw new DomainError(
        'rate_limited',
        BTP_ERRORS.rate_limited,
        `Too many requests; SAP Service Manager's limits apply. Retry in ${wait} s.`,
        { retryAfterSeconds: wait },
      );
    for (const l of applicable) l.record(who);
  };
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
