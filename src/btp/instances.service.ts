/**
 * "SAP Cloud ALM API" service instances, after SAP Service Manager: creating an instance creates its XSUAA
 * client in the same transaction, so that a failing step stores nothing; deleting an instance deletes its
 * bindings, then the client. `createInstanceService` also carries the bindings (bindings.service.ts), so that
 * callers see one service.
 */
import { toAuditActor, type Actor } from '../access/index.js';
import { newId, randomIntBetween } from '../crypto/index.js';
import { conflict, notFound } from '../shared/index.js';
import { isUniqueViolation, withTx, type SubaccountsTable } from '../store/index.js';
import type { CredentialType } from '../xsuaa/index.js';
import type { BtpDeps } from './btp.deps.js';
import type { BindingEvent } from './btp.events.js';
import * as repo from './btp.repo.js';
import { createBindings } from './bindings.service.js';
import { createInstanceContext, instanceView, OFFERING, PLAN, type Origin } from './instance-context.js';
import {
  checkInstanceName,
  instanceParametersSchema,
  parseWith,
  smInstanceParametersSchema,
  type NameRule,
} from './instance-parameters.js';
import { resolvePlan, type PlanChoice, type ResolvedPlan } from './plan-resolution.js';
import { MASTER_XSAPPNAME, resolveAuthority } from './scopes.js';
import { SM_MASTER_XSAPPNAME, smAuthorities } from './sm-plans.js';
import { BTP_ERRORS } from './errors.js';

export { OFFERING, PLAN } from './instance-context.js';
export { MAX_BINDINGS_PER_INSTANCE } from './bindings.service.js';

export function createInstanceService(deps: BtpDeps) {
  const ctx = createInstanceContext(deps);
  const { now, visibleSubaccount, authorizeOn } = ctx;
  const { db, audit } = deps;
  const { removeBinding, createBindingAs, ...bindings } = createBindings(ctx);

  async function createInstanceAs(
    actor: Actor,
    sub: SubaccountsTable,
    input: {
      name: string;
      authorities: readonly string[];
      credentialTypes: readonly CredentialType[];
      xsappname?: string;
      parameters?: unknown;
      origin: Origin;
      /** The "SAP Cloud ALM API" standard plan when absent. */
      plan?: ResolvedPlan;
      /** Chosen by the caller when it must be known before the instance exists (an asynchronous `/v1` create). */
      id?: string;
      /** The cockpit's name rule unless `/v1` creates it (instance-parameters.ts). */
      nameRule?: NameRule;
      /** `<name>!b<n>` chosen by a seeded landscape (btp/seeding.ts) for a deterministic client id; never from a request. */
      exactXsappname?: string;
    },
  ) {
    checkInstanceName(input.name, 'instance', input.nameRule);
    const id = input.id ?? newId();
    const plan = input.plan ?? { offering: OFFERING, plan: PLAN };
    const master = plan.offering === OFFERING ? MASTER_XSAPPNAME : SM_MASTER_XSAPPNAME;
    // XSUAA uses the instance GUID when no xsappname is given (docs/sap-sources.md §4).
    const xsappname = `${input.exactXsappname ?? `${input.xsappname ?? id}!b${randomIntBetween(10_000, 1_000_000)}`}|${master}`;
    const clientId = `sb-${xsappname}`;
    try {
      await withTx(db, async (tx) => {
        await repo.insertInstance(tx, {
          id,
          subaccount_id: sub.id,
          name: input.name,
          offering: plan.offering,
          plan: plan.plan,
          xsappname,
          client_id: clientId,
          credential_types: JSON.stringify(input.credentialTypes),
          authorities: JSON.stringify(input.authorities),
          parameters: JSON.stringify(input.parameters ?? {}),
          origin: input.origin,
          created_at: now(),
          instance_secret_sealed: null,
        });
        await deps.clients.createClient(tx, {
          zoneId: sub.id,
          clientId,
          xsappname,
          credentialTypes: input.credentialTypes,
          authorities: input.authorities,
          serviceInstanceId: id,
        });
        await audit.record(tx, {
          action: 'btp.service_instance.created',
          outcome: 'success',
          actor: toAuditActor(actor),
          targetId: id,
          details: { name: input.name, subaccountId: sub.id, clientId, credentialTypes: [...input.credentialTypes] },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict(
          BTP_ERRORS.instance_exists,
          `An instance named "${input.name}" exists in this subaccount already.`,
        );
      throw error;
    }
    return instanceView((await repo.findInstanceAnywhere(db, id))!);
  }

  return {
    createInstanceAs,
    createBindingAs,

    async createInstance(
      actor: Actor,
      input: PlanChoice & {
        subaccountId: string;
        name: string;
        parameters?: unknown;
        id?: string;
        nameRule?: NameRule;
      },
    ) {
      const plan = resolvePlan(input);
      const sub = await visibleSubaccount(actor, input.subaccountId);
      if (plan.offering !== OFFERING) {
        // a service-manager instance: its own client with the plan's scopes (sm-plans.ts), secret or x509 keys
        const params = parseWith(smInstanceParametersSchema, input.parameters, 'parameters', BTP_ERRORS.bad_parameters);
        return createInstanceAs(actor, sub, {
          name: input.name,
          authorities: smAuthorities(plan.plan),
          credentialTypes: ['binding-secret', 'x509'],
          parameters: params,
          origin: 'manual',
          plan,
          ...(input.id ? { id: input.id } : {}),
          ...(input.nameRule ? { nameRule: input.nameRule } : {}),
        });
      }
      const params = parseWith(instanceParametersSchema, input.parameters, 'parameters', BTP_ERRORS.bad_parameters);
      const xs = params['xs-security'];
      return createInstanceAs(actor, sub, {
        name: input.name,
        xsappname: xs?.xsappname,
        authorities: [...(xs?.authorities ?? []).map(resolveAuthority), 'uaa.resource'],
        credentialTypes: xs?.['oauth2-configuration']?.['credential-types'] ?? ['binding-secret'],
        parameters: params,
        origin: 'manual',
        ...(input.id ? { id: input.id } : {}),
        ...(input.nameRule ? { nameRule: input.nameRule } : {}),
      });
    },

    async getInstance(actor: Actor, id: string) {
      const row = await repo.findInstanceAnywhere(db, id);
      if (!row) throw notFound(BTP_ERRORS.instance_not_found, id);
      await authorizeOn(actor, row.subaccount_id, BTP_ERRORS.instance_not_found, id, 'btp.service_instance.manage');
      return instanceView(row);
    },

    async deleteInstance(actor: Actor, id: string) {
      const row = await repo.findInstanceAnywhere(db, id);
      if (!row) throw notFound(BTP_ERRORS.instance_not_found, id);
      await authorizeOn(actor, row.subaccount_id, BTP_ERRORS.instance_not_found, id, 'btp.service_instance.manage');
      const bindings = await repo.listBindingsOfInstance(db, id);
      const withInstanceSecret: BindingEvent[] = [];
      for (const binding of bindings) {
        const { event, revoked } = await removeBinding(actor, binding, row.client_id);
        if (!revoked) withInstanceSecret.push(event);
      }
      await withTx(db, async (tx) => {
        await deps.clients.revokeClient(tx, row.client_id);
        await repo.deleteInstance(tx, row.subaccount_id, id);
        await audit.record(tx, {
          action: 'btp.service_instance.deleted',
          outcome: 'success',
          actor: toAuditActor(actor),
          targetId: id,
          details: { name: row.name, subaccountId: row.subaccount_id, bindingsDeleted: bindings.length },
        });
        // the instance secret ends with the client, in this transaction
        const deletedAt = now();
        for (const event of withInstanceSecret)
          await deps.events.record(tx, 'binding.deleted', { ...event, deletedAt });
      });
      // the events of the bindings and of the instance secret, before the deletion answers (else the poll's)
      await deps.events.deliverCommitted();
    },

    ...bindings,
  };
}

export type InstanceService = ReturnType<typeof createInstanceService>;
