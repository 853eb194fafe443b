/**
 * The SAP Service Manager API of the BTP control plane (`/v1`, src/btp/README.md "Service Manager"): the
 * catalog's offerings and plans, the platforms (none is registered here), instances and bindings
 * (sm-instances.service.ts, sm-bindings.service.ts) and their operations. Every call is made by an SmCaller
 * (sm-caller.ts) and sees only its subaccounts.
 */
import { notFound } from '../shared/index.js';
import * as repo from './btp.repo.js';
import { CATALOG_BROKER_ID, CATALOG_CREATED_AT, SERVICE_CATALOG } from './catalog.js';
import { callerSubaccounts, ownResources, type SmCaller } from './sm-caller.js';
import { seesServiceManagerOffering } from './sm-privileges.js';
import type { SmResourceType } from './sm-repo.js';
import type { SmDeps } from './sm-context.js';
import { createSmBindings } from './sm-bindings.service.js';
import { createSmInstances } from './sm-instances.service.js';
import { pageOf, scalarFields, type ListParams, type ListSource } from './sm-list.js';
import { createOperationRunner } from './sm-operations.js';
import { instancesRetrievable } from './sm-parameters.js';
import { operationView } from './sm-resources.js';
import { BTP_ERRORS } from './errors.js';

const common = { ready: true, labels: {}, created_at: CATALOG_CREATED_AT, updated_at: CATALOG_CREATED_AT };

/** SAP's data centers read `cf-<region>` (`cf-eu10`); the offerings of one subaccount's call carry its region's. */
async function dataCenter(caller: SmCaller, deps: SmDeps): Promise<string | null> {
  const subs = await callerSubaccounts(deps.db, caller);
  if (subs.length !== 1) return null;
  const sub = await repo.findSubaccount(deps.db, subs[0]!);
  return sub ? `cf-${sub.region}` : null;
}

/** The catalog a caller is offered: without `service-manager` for a key that may not create it (sm-privileges.ts). */
const catalogOf = (caller: SmCaller) => SERVICE_CATALOG.filter((o) => seesServiceManagerOffering(caller, o.name));

function offeringViews(dc: string | null, caller: SmCaller) {
  return catalogOf(caller).map((o) => ({
    id: o.id,
    name: o.name,
    description: o.description,
    bindable: o.bindable,
    instances_retrievable: instancesRetrievable(o.name),
    bindings_retrievable: true,
    plan_updateable: false,
    allow_context_updates: false,
    tags: [...o.tags],
    metadata: { displayName: o.name },
    broker_id: CATALOG_BROKER_ID,
    catalog_id: o.catalogId,
    catalog_name: o.name,
    data_center: dc,
    ...common,
  }));
}

function planViews(dc: string | null, caller: SmCaller) {
  return catalogOf(caller).flatMap((o) =>
    o.plans.map((p) => ({
      id: p.id,
      name: p.name,
      description: p.description,
      bindable: p.bindable,
      plan_updateable: false,
      free: p.free,
      catalog_id: p.catalogId,
      catalog_name: p.name,
      service_offering_id: o.id,
      metadata: {},
      data_center: dc,
      ...common,
    })),
  );
}

export type SmOfferingView = ReturnType<typeof offeringViews>[number];
export type SmPlanView = ReturnType<typeof planViews>[number];

const catalogSource = <T extends { id: string; created_at: string }>(
  what: string,
  fields: readonly string[],
): ListSource<T> => ({
  what,
  fields,
  fieldsOf: (v) => scalarFields(v, fields),
  labelsOf: () => ({}),
  orderOf: (v) => ({ createdAt: v.created_at, id: v.id }),
});

const OFFERING_FIELDS = [
  'id',
  'name',
  'description',
  'bindable',
  'broker_id',
  'catalog_id',
  'catalog_name',
  'data_center',
  'ready',
  'created_at',
  'updated_at',
];
const PLAN_FIELDS = [
  'id',
  'name',
  'description',
  'bindable',
  'free',
  'catalog_id',
  'catalog_name',
  'service_offering_id',
  'data_center',
  'ready',
  'created_at',
  'updated_at',
];

export function createSmService(deps: SmDeps) {
  const instances = createSmInstances(deps);
  const bindings = createSmBindings(deps);

  return {
    instances,
    bindings,

    async listOfferings(caller: SmCaller, params: ListParams) {
      return pageOf(
        offeringViews(await dataCenter(caller, deps), caller),
        params,
        catalogSource<SmOfferingView>('service offerings', OFFERING_FIELDS),
      );
    },
    async getOffering(caller: SmCaller, id: string) {
      const found = offeringViews(await dataCenter(caller, deps), caller).find((o) => o.id === id);
      if (!found) throw notFound(BTP_ERRORS.offering_not_found, id);
      return found;
    },
    async listPlans(caller: SmCaller, params: ListParams) {
      return pageOf(
        planViews(await dataCenter(caller, deps), caller),
        params,
        catalogSource<SmPlanView>('service plans', PLAN_FIELDS),
      );
    },
    async getPlan(caller: SmCaller, id: string) {
      const found = planViews(await dataCenter(caller, deps), caller).find((p) => p.id === id);
      if (!found) throw notFound(BTP_ERRORS.plan_not_found, id);
      return found;
    },

    /** No platform (Cloud Foundry, Kubernetes) is registered with calm-keys: an empty list, each id 404. */
    async listPlatforms(caller: SmCaller, params: ListParams) {
      await callerSubaccounts(deps.db, caller);
      return pageOf<{ id: string; created_at: string }>(
        [],
        params,
        catalogSource('platforms', ['id', 'name', 'type', 'created_at']),
      );
    },
    async getPlatform(caller: SmCaller, id: string): Promise<never> {
      await callerSubaccounts(deps.db, caller);
      throw notFound(BTP_ERRORS.platform_not_found, id);
    },

    async getOperation(
      caller: SmCaller,
      collection: 'service_instances' | 'service_bindings',
      resourceId: string,
      id: string,
    ) {
      const subs = await callerSubaccounts(deps.db, caller);
      const row = await deps.runner.find(subs, resourceId, id);
      const own = row && (await ownResources(deps.db, caller, row.resource_type as SmResourceType));
      if (!row || `${row.resource_type}s` !== collection || !(own?.has(resourceId) ?? true))
        throw notFound(BTP_ERRORS.operation_not_found, id);
      return operationView(row);
    },

    failInterruptedOperations: () => deps.runner.failInterrupted(),
    idle: () => deps.runner.idle(),
  };
}

export type SmService = ReturnType<typeof createSmService>;

/** The Service Manager API over the instance service, with its operation runner (main.ts wires it). */
export function createServiceManager(deps: {
  readonly db: SmDeps['db'];
  readonly clock: SmDeps['clock'];
  readonly instances: SmDeps['instances'];
  /** An asynchronous operation's work failed unexpectedly (a refusal is the operation's result, not this). */
  readonly onError: (error: unknown) => void;
}): SmService {
  const runner = createOperationRunner({ db: deps.db, clock: deps.clock, onError: deps.onError });
  return createSmService({ db: deps.db, clock: deps.clock, instances: deps.instances, runner });
}
