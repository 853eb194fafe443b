export {
  createInstanceService,
  OFFERING,
  PLAN,
  MAX_BINDINGS_PER_INSTANCE,
  type InstanceService,
} from './instances.service.js';
export { createAccountService, type AccountService } from './accounts.service.js';
export { createBtpEventBus, type BtpEventBus, type BtpEvents, type BindingEvent } from './btp.events.js';
export { provisioningPlan, type ProvisioningCutoffs, type ProvisioningPlan } from './provisioning.js';
export { MASTER_XSAPPNAME, MONITORING_SCOPES, ALL_SCOPES } from './scopes.js';
export {
  createSmAuth,
  requiredSmScope,
  SM_PLAN_VISIBILITY,
  type SmAuth,
  type SmAuthDeps,
  type SmPrincipal,
  type SmCollection,
  type SmMethod,
} from './sm-auth.js';
export {
  SM_OFFERING,
  SM_MASTER_XSAPPNAME,
  SM_PLANS,
  SM_PLAN_NAMES,
  type SmPlanName,
  type SmScope,
  type SmResource,
  type SmAccess,
} from './sm-plans.js';
export type { BtpDeps, ProvisionedKeyPlacement } from './btp.deps.js';
export { createServiceManager, type SmService } from './sm.service.js';
export { keyCaller, personCaller, type SmCaller } from './sm-caller.js';
export * as smViews from './sm.view.js';

import { createAccountService } from './accounts.service.js';
import type { BtpDeps } from './btp.deps.js';
import { createInstanceService } from './instances.service.js';
import { createBindingCertificates } from './binding-certificates.js';
import { createSeeding } from './seeding.js';

/** The BTP control plane: accounts and tenants, instances and bindings, when x509 bindings' certificates end. */
export function createBtp(deps: BtpDeps) {
  const instances = createInstanceService(deps);
  return {
    instances,
    accounts: createAccountService(deps, instances),
    certificates: createBindingCertificates(deps),
    /** For a seeded landscape only (src/main/seed/): look-ups by name, fixed xsappname and client secret. */
    seeding: createSeeding(deps.db, instances),
  };
}
export { seededXsappname, type BtpSeeding } from './seeding.js';

export type Btp = ReturnType<typeof createBtp>;
export { ensureDemoLandscape, type DemoGrant } from './demo.js';
export { createTenantDirectory, type TenantDirectory, type TenantFacts } from './tenant-directory.repo.js';
export * as btpViews from './btp.view.js';
export * as accountsApiViews from './accounts-api.view.js';
export { BTP_ERRORS, type BtpErrorCode } from './errors.js';
export type { BindingCertificates, BindingCertificateQuery } from './binding-certificates.js';
