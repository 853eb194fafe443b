/**
 * The BTP control plane's own REST API at `/btp/v1`: the account endpoints (btp-accounts.routes.ts) and the
 * download of a binding's key file (btp-key-download.routes.ts); SAP's Accounts service API at `/accounts/v1`
 * (btp-accounts-api.routes.ts). Instances and bindings are SAP Service
 * Manager's `/v1` API (sm/). This file applies SAP's documented rate limits (btp-route-parts.ts) to every
 * `/btp/v1` route; the key download counts as a call on bindings, as it reads one.
 */
import type { FastifyInstance } from 'fastify';
import type { Btp } from '../../btp/index.js';
import { registerRoutes } from '../contract/register.js';
import { btpAccountRoutes } from './btp-accounts.routes.js';
import { btpAccountsApiRoutes } from './btp-accounts-api.routes.js';
import { btpKeyDownloadRoutes } from './btp-key-download.routes.js';
import { btpCertificateRoutes } from './btp-certificates.routes.js';
import { serviceManagerRateLimits, type ServiceManagerLimitDeps } from './btp-route-parts.js';

function rateLimits(deps: ServiceManagerLimitDeps) {
  const limit = serviceManagerRateLimits('btp', deps);
  // The route's pattern, not the URL: the router decodes percent-encoding before matching (/%62tp/... is /btp/...)
  return (route: string, who: string) =>
    limit(who, { onBindings: route.startsWith('/btp/v1/service_bindings'), createsInstance: false });
}

export function registerBtpRoutes(app: FastifyInstance, deps: { btp: Btp; limits: ServiceManagerLimitDeps }): void {
  const { accounts, instances } = deps.btp;
  const limit = rateLimits(deps.limits);
  app.addHook('preHandler', async (request) => {
    const route = request.routeOptions.url;
    if (route?.startsWith('/btp/v1/') && request.actor) await limit(route, request.actor.userId);
  });

  registerRoutes(app, [
    ...btpAccountRoutes(accounts),
    ...btpAccountsApiRoutes(accounts),
    ...btpKeyDownloadRoutes(instances),
    ...btpCertificateRoutes(deps.btp.certificates),
  ]);
}
