/**
 * What the instance and binding services share: their dependencies, the guard and the two checks that the
 * actor administers the subaccount of what they touch (404 otherwise), the clock as ISO text, the x509 key
 * generation queue, the encryption context of a stored key, and the presenters of instances and bindings.
 */
import { createGuard, type Actor, type Guard } from '../access/index.js';
import { notFound, type NotFoundCode } from '../shared/index.js';
import type { SubaccountsTable } from '../store/index.js';
import type { BtpDeps } from './btp.deps.js';
import * as repo from './btp.repo.js';
import { createKeyGenerationQueue, type KeyGenerationQueue } from './key-generation-queue.js';
import { BTP_ERRORS } from './errors.js';

export const OFFERING = 'SAPCloudALMAPIs';
export const PLAN = 'standard';

export type Origin = 'manual' | 'provisioning';

export type InstanceRow = NonNullable<Awaited<ReturnType<typeof repo.findInstanceAnywhere>>>;
export type BindingRow = NonNullable<Awaited<ReturnType<typeof repo.findBindingAnywhere>>>;

export interface InstanceContext {
  readonly deps: BtpDeps;
  readonly guard: Guard;
  readonly keyGeneration: KeyGenerationQueue;
  readonly now: () => string;
  readonly keyContext: (id: string) => string;
  readonly visibleSubaccount: (actor: Actor, subaccountId: string) => Promise<SubaccountsTable>;
  readonly authorizeOn: (
    actor: Actor,
    subaccountId: string,
    what: NotFoundCode,
    id: string,
    action: 'btp.service_instance.manage' | 'btp.service_binding.manage' | 'btp.service_binding.view',
  ) => Promise<SubaccountsTable>;
}

export function createInstanceContext(deps: BtpDeps): InstanceContext {
  const { db, audit, clock } = deps;
  const guard = createGuard({ db, audit });
  // One queue per process: x509 key pairs are generated at most two at a time (key-generation-queue.ts).
  const keyGeneration = deps.keyGeneration ?? createKeyGenerationQueue();
  const now = () => clock.now().toISOString();
  const keyContext = (id: string) => `service_binding:${id}`;

  async function visibleSubaccount(actor: Actor, subaccountId: string): Promise<SubaccountsTable> {
    const sub = await repo.findSubaccount(db, subaccountId);
    if (!sub) throw notFound(BTP_ERRORS.subaccount_not_found, subaccountId);
    await guard(
      actor,
      'btp.service_instance.manage',
      { kind: 'subaccount', subaccountId: sub.id, globalAccountId: sub.global_account_id },
      { notFound: BTP_ERRORS.subaccount_not_found },
    );
    return sub;
  }

  /** Finds an instance or binding's subaccount and checks the actor administers it; 404 otherwise. */
  async function authorizeOn(
    actor: Actor,
    subaccountId: string,
    what: NotFoundCode,
    id: string,
    action: 'btp.service_instance.manage' | 'btp.service_binding.manage' | 'btp.service_binding.view',
  ) {
    const sub = await repo.findSubaccount(db, subaccountId);
    if (!sub) throw notFound(what, id);
    await guard(
      actor,
      action,
      { kind: 'subaccount', subaccountId: sub.id, globalAccountId: sub.global_account_id },
      { notFound: what },
    );
    return sub;
  }

  return { deps, guard, keyGeneration, now, keyContext, visibleSubaccount, authorizeOn };
}

export function instanceView(row: InstanceRow) {
  return {
    id: row.id,
    name: row.name,
    subaccount_id: row.subaccount_id,
    service_offering: row.offering,
    service_plan: row.plan,
    xsappname: row.xsappname,
    client_id: row.client_id,
    credential_types: JSON.parse(row.credential_types) as string[],
    authorities: JSON.parse(row.authorities) as string[],
    parameters: JSON.parse(row.parameters) as unknown,
    origin: row.origin,
    created_at: row.created_at,
  };
}

export function bindingView(row: BindingRow) {
  return {
    id: row.id,
    name: row.name,
    service_instance_id: row.instance_id,
    subaccount_id: row.subaccount_id,
    credential_type: row.credential_type,
    expires_at: row.expires_at,
    origin: row.origin,
    created_at: row.created_at,
  };
}
