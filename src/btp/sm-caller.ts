/**
 * Who calls the Service Manager API and which subaccounts a call works in. A person (session or personal API
 * token) works in the subaccounts they administer (visibility.ts), narrowed to one by the `subaccount_id`
 * query parameter; a service-manager key's token works in its own subaccount only (sm-auth.ts). SAP's API
 * has no subaccount parameter because SAP's tokens always carry one; `subaccount_id` is calm-keys' own.
 */
import type { Actor } from '../access/index.js';
import { invalidInput, notFound } from '../shared/index.js';
import type { Executor } from '../store/index.js';
import { SM_PLAN_VISIBILITY, type SmPrincipal } from './sm-auth.js';
import * as smRepo from './sm-repo.js';
import type { SmResourceType } from './sm-repo.js';
import { administeredSubaccounts } from './visibility.js';
import { BTP_ERRORS } from './errors.js';

export type SmCaller =
  | { readonly kind: 'person'; readonly actor: Actor; readonly subaccountId?: string }
  | { readonly kind: 'key'; readonly principal: SmPrincipal; readonly actor: Actor };

/**
 * The services below (instances.service.ts) authorize an Actor. A key acts as the Subaccount Administrator of
 * its own subaccount and nothing else, so the same checks hold for it (another subaccount's things are 404);
 * what its plan's scopes allow was checked before (sm-auth.ts). Audit records name its client id.
 */
export function keyActor(principal: SmPrincipal): Actor {
  return {
    userId: `client:${principal.clientId}`,
    username: principal.clientId,
    assignments: [{ role: 'SubaccountAdministrator', scopeType: 'subaccount', scopeId: principal.subaccountId }],
    via: { kind: 'api_token', tokenId: `service-manager:${principal.instanceId}` },
  };
}

export const personCaller = (actor: Actor, subaccountId?: string): SmCaller => ({
  kind: 'person',
  actor,
  ...(subaccountId ? { subaccountId } : {}),
});

export const keyCaller = (principal: SmPrincipal): SmCaller => ({
  kind: 'key',
  principal,
  actor: keyActor(principal),
});

/** The service-manager instance whose key calls, recorded on the operations it starts; null for a person. */
export const creatorOf = (caller: SmCaller): string | null =>
  caller.kind === 'key' ? caller.principal.instanceId : null;

/**
 * Which resources of its subaccount a caller sees: all, or for a `container` plan's key only what its own
 * instance created (SAP: "Instances created using the binding credentials of the container instance are
 * visible from the instance itself and from instances of the subaccount-* plans, but not from other
 * container instances", *SAP Service Manager Broker Plans*). `undefined`: no restriction.
 */
export async function ownResources(
  db: Executor,
  caller: SmCaller,
  type: SmResourceType,
): Promise<Set<string> | undefined> {
  if (caller.kind === 'person' || SM_PLAN_VISIBILITY[caller.principal.plan] === 'subaccount') return undefined;
  return smRepo.createdBy(db, caller.principal.subaccountId, type, caller.principal.instanceId);
}

/** The subaccounts this call sees; a `subaccount_id` the person does not administer is 404, as everywhere. */
export async function callerSubaccounts(db: Executor, caller: SmCaller): Promise<string[]> {
  if (caller.kind === 'key') return [caller.principal.subaccountId];
  const administered = await administeredSubaccounts(db, caller.actor);
  if (caller.subaccountId === undefined) return administered;
  if (!administered.includes(caller.subaccountId)) throw notFound(BTP_ERRORS.subaccount_not_found, caller.subaccountId);
  return [caller.subaccountId];
}

/** The one subaccount a create works in: the key's, the `subaccount_id` given, or the only one administered. */
export async function targetSubaccount(db: Executor, caller: SmCaller): Promise<string> {
  const subs = await callerSubaccounts(db, caller);
  if (subs.length === 1) return subs[0]!;
  throw invalidInput(
    BTP_ERRORS.sm_subaccount_required,
    subs.length === 0
      ? 'You administer no subaccount: a Global Account or Subaccount Administrator creates instances.'
      : 'You administer several subaccounts: say which with the query parameter subaccount_id.',
  );
}
