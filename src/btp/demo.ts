/**
 * The demo landscape of a first start, so that `npm start` shows a living chain: a global account, a
 * subaccount "SAP Cloud ALM" (subdomain demo-calm, eu10) and a Cloud ALM tenant provisioned today, which
 * brings its generated "SAP Cloud ALM API" instance and key (placed in Landscape Management), and a
 * service-manager instance `sm` (plan subaccount-admin) with its key `sm-key`, for tools that speak the Service
 * Manager API.
 * Created once: when any global account exists, nothing happens.
 */
import type { Actor } from '../access/index.js';
import type { Db } from '../store/index.js';
import type { AccountService } from './accounts.service.js';
import * as repo from './btp.repo.js';
import type { InstanceService } from './instances.service.js';
import { SM_OFFERING } from './sm-plans.js';

export interface DemoGrant {
  readonly role:
    | 'GlobalAccountAdministrator'
    | 'SubaccountAdministrator'
    | 'x_landscape_SecurityAdministrator'
    | 'x_landscape_Administrator';
  readonly scopeId: string;
}

export async function ensureDemoLandscape(
  deps: {
    db: Db;
    accounts: AccountService;
    instances: InstanceService;
    grant: (grants: DemoGrant[]) => Promise<Actor>;
  },
  admin: Actor,
): Promise<{ created: boolean; subdomain?: string; tenantId?: string }> {
  if ((await repo.listGlobalAccounts(deps.db)).length > 0) return { created: false };
  const ga = await deps.accounts.createGlobalAccount(admin, { name: 'Demo Global Account' });
  let actor = await deps.grant([{ role: 'GlobalAccountAdministrator', scopeId: ga.id }]);
  const sub = await deps.accounts.createSubaccount(actor, {
    globalAccountId: ga.id,
    name: 'SAP Cloud ALM',
    subdomain: 'demo-calm',
    region: 'eu10',
  });
  actor = await deps.grant([{ role: 'SubaccountAdministrator', scopeId: sub.id }]);
  const tenant = await deps.accounts.subscribeCloudAlm(actor, { subaccountId: sub.id });
  const sm = await deps.instances.createInstance(actor, {
    subaccountId: sub.id,
    name: 'sm',
    offeringName: SM_OFFERING,
    planName: 'subaccount-admin',
  });
  await deps.instances.createBinding(actor, { instanceId: sm.id, name: 'sm-key' });
  // the demo administrator manages the key (Security Administrator) and the managed services (Administrator)
  await deps.grant([
    { role: 'x_landscape_SecurityAdministrator', scopeId: tenant.tenantId },
    { role: 'x_landscape_Administrator', scopeId: tenant.tenantId },
  ]);
  return { created: true, subdomain: sub.subdomain, tenantId: tenant.tenantId };
}
