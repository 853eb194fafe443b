/**
 * Global accounts, subaccounts (each with its XSUAA identity zone) and Cloud ALM tenants with dated
 * provisioning: subscribing a subaccount to Cloud ALM creates the tenant and, by its provisioning date,
 * the generated "SAP Cloud ALM API" instance and key, placed in Landscape Management from autoUploadFrom on.
 */
import { createGuard, toAuditActor, type Actor } from '../access/index.js';
import { newId } from '../crypto/index.js';
import { conflict, forbidden, invalidInput, notFound, parseCalendarDate } from '../shared/index.js';
import { isUniqueViolation, withTx } from '../store/index.js';
import type { BtpDeps } from './btp.deps.js';
import * as repo from './btp.repo.js';
import { provisioningPlan } from './provisioning.js';
import { ALL_SCOPES, MONITORING_SCOPES } from './scopes.js';
import type { createInstanceService } from './instances.service.js';
import { administeredSubaccounts } from './visibility.js';
import { BTP_ERRORS } from './errors.js';

const REGION = /^[a-z]{2}\d{2}(-\d{3})?$/;

/** A subaccount as stored, in the service's names: what the Accounts service API presents (accounts-api.view.ts). */
const subaccountRecord = (s: {
  id: string;
  global_account_id: string;
  name: string;
  subdomain: string;
  region: string;
  created_at: string;
}) => ({
  id: s.id,
  globalAccountId: s.global_account_id,
  name: s.name,
  subdomain: s.subdomain,
  region: s.region,
  createdAt: s.created_at,
});

export function createAccountService(deps: BtpDeps, instances: ReturnType<typeof createInstanceService>) {
  const { db, audit, clock } = deps;
  const guard = createGuard({ db, audit });
  const now = () => clock.now().toISOString();

  async function subaccountResource(
    actor: Actor,
    subaccountId: string,
    action: 'btp.subaccount.view' | 'btp.service_instance.manage',
  ) {
    const sub = await repo.findSubaccount(db, subaccountId);
    if (!sub) throw notFound(BTP_ERRORS.subaccount_not_found, subaccountId);
    await guard(
      actor,
      action,
      { kind: 'subaccount', subaccountId: sub.id, globalAccountId: sub.global_account_id },
      { notFound: BTP_ERRORS.subaccount_not_found },
    );
    return sub;
  }

  async function administeredGlobalAccounts(actor: Actor) {
    const all = await repo.listGlobalAccounts(db);
    const mine = new Set(actor.assignments.filter((a) => a.scopeType === 'global_account').map((a) => a.scopeId));
    return all.filter((g) => mine.has(g.id)).map((g) => ({ id: g.id, name: g.name, createdAt: g.created_at }));
  }

  return {
    async createGlobalAccount(actor: Actor, input: { name: string; id?: string }) {
      await guard(actor, 'btp.global_account.create', { kind: 'system' });
      const id = input.id ?? newId();
      await withTx(db, async (tx) => {
        await repo.insertGlobalAccount(tx, { id, name: input.name, created_at: now() });
        await audit.record(tx, {
          action: 'btp.global_account.created',
          outcome: 'success',
          actor: toAuditActor(actor),
          targetId: id,
          details: { name: input.name },
        });
      });
      return { id, name: input.name };
    },

    listGlobalAccounts: administeredGlobalAccounts,

    async createSubaccount(
      actor: Actor,
      input: { globalAccountId: string; name: string; subdomain: string; region: string; id?: string },
    ) {
      const ga = await repo.findGlobalAccount(db, input.globalAccountId);
      if (!ga) throw notFound(BTP_ERRORS.global_account_not_found, input.globalAccountId);
      await guard(
        actor,
        'btp.subaccount.manage',
        { kind: 'global_account', globalAccountId: ga.id },
        { notFound: BTP_ERRORS.global_account_not_found },
      );
      if (!REGION.test(input.region))
        throw invalidInput(BTP_ERRORS.bad_region, 'A region looks like eu10, us10 or eu10-004.', [
          { path: 'region', message: 'like eu10' },
        ]);
      const id = input.id ?? newId();
      try {
        await withTx(db, async (tx) => {
          await deps.clients.createZone(tx, { id, subdomain: input.subdomain, name: input.name });
          await repo.insertSubaccount(tx, {
            id,
            global_account_id: ga.id,
            name: input.name,
            subdomain: input.subdomain,
            region: input.region,
            created_at: now(),
          });
          await audit.record(tx, {
            action: 'btp.subaccount.created',
            outcome: 'success',
            actor: toAuditActor(actor),
            targetId: id,
            details: { name: input.name, subdomain: input.subdomain, region: input.region, globalAccountId: ga.id },
          });
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw conflict(BTP_ERRORS.subdomain_taken, `The subdomain "${input.subdomain}" is taken.`);
        throw error;
      }
      return { id, globalAccountId: ga.id, name: input.name, subdomain: input.subdomain, region: input.region };
    },

    async listSubaccounts(actor: Actor) {
      const ids = new Set(await administeredSubaccounts(db, actor));
      const all = await repo.listAllSubaccounts(db);
      return Promise.all(
        all
          .filter((s) => ids.has(s.id))
          .map(async (s) => {
            const tenant = await repo.findTenantBySubaccount(db, s.id);
            return {
              id: s.id,
              globalAccountId: s.global_account_id,
              name: s.name,
              subdomain: s.subdomain,
              region: s.region,
              cloudAlmTenant: tenant ? { id: tenant.id, provisionedOn: tenant.provisioned_on } : null,
            };
          }),
      );
    },

    /**
     * Subscribes the subaccount to Cloud ALM: creates the tenant, provisioned `provisionedOn` (default today,
     * settable to reproduce older tenants), and what that date brings (provisioning.ts).
     */
    async subscribeCloudAlm(
      actor: Actor,
      input: {
        subaccountId: string;
        provisionedOn?: string;
        tenantId?: string;
        /** false: the generated key is not placed in Landscape Management (a seeded landscape places its own there). */
        placeGeneratedKey?: boolean;
      },
    ) {
      const sub = await subaccountResource(actor, input.subaccountId, 'btp.service_instance.manage');
      const provisionedOn = input.provisionedOn ?? now().slice(0, 10);
      // a real day of the calendar: 2023-02-30 is refused, not provisioned as sent
      parseCalendarDate(provisionedOn, 'provisionedOn', BTP_ERRORS.bad_date);
      if (await repo.findTenantBySubaccount(db, sub.id))
        throw conflict(
          BTP_ERRORS.already_subscribed,
          `The subaccount "${sub.name}" is already subscribed to SAP Cloud ALM.`,
        );
      const plan = provisioningPlan(provisionedOn, deps.cutoffs);
      const tenantId = input.tenantId ?? newId();
      try {
        await withTx(db, async (tx) => {
          await repo.insertTenant(tx, {
            id: tenantId,
            subaccount_id: sub.id,
            name: sub.subdomain,
            provisioned_on: provisionedOn,
            created_at: now(),
          });
          await audit.record(tx, {
            action: 'btp.tenant.provisioned',
            outcome: 'success',
            actor: toAuditActor(actor),
            tenantId,
            targetId: tenantId,
            details: {
              subaccountId: sub.id,
              provisionedOn,
              generatedKey: plan.generateKey,
              placedInLandscape: plan.uploadToLandscape,
              scopeSet: plan.scopeSet,
            },
          });
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw conflict(
            BTP_ERRORS.already_subscribed,
            `The subaccount "${sub.name}" is already subscribed to SAP Cloud ALM.`,
          );
        throw error;
      }
      let generated: { instanceId: string; bindingId: string } | undefined;
      if (plan.generateKey) {
        const authorities = plan.scopeSet === 'all' ? ALL_SCOPES : MONITORING_SCOPES;
        const instance = await instances.createInstanceAs(actor, sub, {
          name: 'SAP_Cloud_ALM_API',
          authorities,
          credentialTypes: ['binding-secret'],
          origin: 'provisioning',
        });
        const binding = await instances.createBindingAs(actor, sub, instance.id, {
          name: 'ALM_001_00',
          credentialType: 'binding-secret',
          origin: 'provisioning',
        });
        generated = { instanceId: instance.id, bindingId: binding.id };
        if (plan.uploadToLandscape && input.placeGeneratedKey !== false) {
          await deps.landscape.placeProvisionedKey({
            tenantId,
            keyText: JSON.stringify(binding.credentials, null, 2),
            bindingId: binding.id,
          });
        }
      }
      return { tenantId, subaccountId: sub.id, provisionedOn, plan, generated };
    },

    /**
     * The caller's global account for SAP's Accounts service API, whose credentials belong to one global account:
     * the one named, or the one the actor administers; one who administers several must name one (400), one who
     * administers none is refused (403, audited).
     */
    async callerGlobalAccount(actor: Actor, id?: string) {
      if (id !== undefined) {
        const ga = await repo.findGlobalAccount(db, id);
        if (!ga) throw notFound(BTP_ERRORS.global_account_not_found, id);
        await guard(
          actor,
          'btp.global_account.view',
          { kind: 'global_account', globalAccountId: ga.id },
          { notFound: BTP_ERRORS.global_account_not_found },
        );
        return { id: ga.id, name: ga.name, createdAt: ga.created_at };
      }
      const mine = await administeredGlobalAccounts(actor);
      if (mine.length === 1) return mine[0]!;
      if (mine.length === 0) {
        await guard(actor, 'btp.global_account.view', { kind: 'system' });
        throw forbidden();
      }
      throw invalidInput(
        BTP_ERRORS.global_account_required,
        `You administer ${mine.length} global accounts; name one with globalAccountGUID.`,
        [{ path: 'globalAccountGUID', message: 'required when you administer several global accounts' }],
      );
    },

    /** The subaccounts the actor administers with their creation time, for SAP's Accounts service API. */
    async listSubaccountRecords(actor: Actor) {
      const ids = new Set(await administeredSubaccounts(db, actor));
      return (await repo.listAllSubaccounts(db)).filter((s) => ids.has(s.id)).map(subaccountRecord);
    },

    async getSubaccountRecord(actor: Actor, id: string) {
      return subaccountRecord(await subaccountResource(actor, id, 'btp.subaccount.view'));
    },

    async getSubaccount(actor: Actor, id: string) {
      const sub = await subaccountResource(actor, id, 'btp.subaccount.view');
      const tenant = await repo.findTenantBySubaccount(db, sub.id);
      return {
        id: sub.id,
        globalAccountId: sub.global_account_id,
        name: sub.name,
        subdomain: sub.subdomain,
        region: sub.region,
        cloudAlmTenant: tenant ? { id: tenant.id, provisionedOn: tenant.provisioned_on } : null,
      };
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
