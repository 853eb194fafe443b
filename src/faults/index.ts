/** Fault injection: failures on demand on the token endpoint, the JWKS and the Cloud ALM API. See README.md. */
export {
  FAULT_TARGETS,
  FAULT_KINDS,
  MAX_LATENCY_MS,
  DEFAULT_RETRY_AFTER_SECONDS,
  normalizeRoute,
  type Fault,
  type FaultTarget,
  type FaultKind,
} from './fault.js';
export { matchFault, routeMatches, type FaultRequest, type ActiveFault } from './matcher.js';
export { createFaultInjector, FAULT_REFRESH_MS, type FaultInjector, type FaultInjectorDeps } from './injector.js';
export { createFaultService, type FaultService, type FaultServiceDeps } from './faults.service.js';
export { FAULT_ERRORS, type FaultErrorCode } from './errors.js';
export * as faultViews from './faults.view.js';

import { createFaultInjector, type FaultInjectorDeps } from './injector.js';
import { createFaultService, type FaultServiceDeps } from './faults.service.js';

/** The injector the HTTP hooks consult and the service the admin routes call, over one database. */
export function createFaults(deps: FaultInjectorDeps & Omit<FaultServiceDeps, 'injector'>) {
  const injector = createFaultInjector(deps);
  return { injector, service: createFaultService({ ...deps, injector }) };
}

export type Faults = ReturnType<typeof createFaults>;
