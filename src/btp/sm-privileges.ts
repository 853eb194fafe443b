/**
 * What a service-manager key may obtain beyond its plan's scopes, so that no key can climb to a stronger plan:
 * reading a binding's `credentials` and provisioning (an instance or a binding) of the `service-manager`
 * offering. A person works as the Subaccount Administrator they are (instances.service.ts guards them); a key
 * acts through that service as its subaccount's administrator (sm-caller.ts `keyActor`), so these rules are
 * the only ones between a weaker key and a `subaccount-admin` secret. SAP documents neither rule (README,
 * "Privileges"); they are calm-keys' decision.
 */
import { DomainError } from '../shared/index.js';
import type { SmCaller } from './sm-caller.js';
import { SM_OFFERING } from './sm-plans.js';
import { BTP_ERRORS } from './errors.js';

/** The one plan whose key may hold other service-manager keys: it can do everything they can. */
const SM_KEY_KEEPER = 'subaccount-admin';

/** A person, or a key of the `subaccount-admin` plan: who may create and read service-manager credentials. */
export const mayHoldServiceManagerKeys = (caller: SmCaller): boolean =>
  caller.kind === 'person' || caller.principal.plan === SM_KEY_KEEPER;

/**
 * Whether a binding read answers its `credentials`: a key needs `subaccount.service_binding.manage` (a key
 * that may only read bindings sees them without secrets), and a binding of a `service-manager` instance's
 * credentials go to `subaccount-admin` keys only.
 */
export function maySeeCredentials(caller: SmCaller, instanceOffering: string | undefined): boolean {
  if (caller.kind === 'person') return true;
  if (!caller.principal.scopes.includes('subaccount.service_binding.manage')) return false;
  return instanceOffering !== SM_OFFERING || mayHoldServiceManagerKeys(caller);
}

/** 403 unless the caller may provision (`what`: an instance or a binding) of the service-manager offering. */
export function assertMayProvision(caller: SmCaller, offering: string, what: 'instance' | 'binding'): void {
  if (offering !== SM_OFFERING || mayHoldServiceManagerKeys(caller)) return;
  const plan = caller.kind === 'key' ? caller.principal.plan : 'person';
  throw new DomainError(
    'forbidden',
    BTP_ERRORS.sm_service_manager_admin_only,
    `A ${plan} key cannot create a ${what} of the service-manager offering: a Subaccount Administrator ` +
      `or a subaccount-admin key creates service-manager ${what}s.`,
  );
}

/** Whether the caller is offered the `service-manager` offering and its plans in the catalog lists. */
export const seesServiceManagerOffering = (caller: SmCaller, offeringName: string): boolean =>
  offeringName !== SM_OFFERING || mayHoldServiceManagerKeys(caller);
