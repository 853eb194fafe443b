/**
 * The SAP Service Manager REST API at `/v1` (src/btp/README.md "Service Manager"): what SAP BTP Service
 * Operator's `client/sm`, SAP's Node.js Service Manager clients and CAP call with a service-manager key, and
 * what people call with their session or API token.
 */
import type { FastifyInstance } from 'fastify';
import type { SmService } from '../../../btp/index.js';
import { registerRoutes } from '../../contract/register.js';
import { smBindingRoutes } from './sm-bindings.routes.js';
import { smCatalogRoutes } from './sm-catalog.routes.js';
import { smInstanceRoutes } from './sm-instances.routes.js';
import type { ServiceManagerLimitDeps } from '../btp-route-parts.js';
import { smCommon, type SmBearerAuth } from './sm-route-parts.js';

export type { SmBearerAuth } from './sm-route-parts.js';

export function registerServiceManagerRoutes(
  app: FastifyInstance,
  deps: { sm: SmService; auth: SmBearerAuth; limits: ServiceManagerLimitDeps },
): void {
  const common = smCommon(deps.auth, deps.limits);
  registerRoutes(app, [
    ...smCatalogRoutes(deps.sm, common),
    ...smInstanceRoutes(deps.sm, common),
    ...smBindingRoutes(deps.sm, common),
  ]);
}
