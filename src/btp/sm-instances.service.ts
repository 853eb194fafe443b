/**
 * Service instances through the Service Manager API: list and read in SAP's shape (sm-resources.ts), create
 * by `service_plan_id` (the catalog, catalog.ts), rename and relabel by PATCH, delete; every change an
 * operation (sm-operations.ts). The work is the instance service's own (instances.service.ts), which keeps
 * XSUAA clients, audit and revocation in one place; this file adds plans, labels, operations, parameters.
 * The checks SAP makes at once (plan, name taken, caller's rights) answer before any operation starts.
 */
import { newId } from '../crypto/index.js';
import { conflict, invalidInput, notFound } from '../shared/index.js';
import { withTx, isUniqueViolation } from '../store/index.js';
import * as repo from './btp.repo.js';
import { findCatalogPlanById } from './catalog.js';
import { checkInstanceName } from './instance-parameters.js';
import { callerSubaccounts, creatorOf, ownResources, targetSubaccount, type SmCaller } from './sm-caller.js';
import { assertNoOperationRunning, decorations, operationPath, type SmChange, type SmDeps } from './sm-context.js';
import { applyLabelChanges, checkLabelChanges, checkLabels, type LabelChange } from './sm-labels.js';
import { pageOf, scalarFields, type ListParams } from './sm-list.js';
import { instanceParameters } from './sm-parameters.js';
import { assertMayProvision } from './sm-privileges.js';
import * as smRepo from './sm-repo.js';
import { smInstanceView, type SmInstanceView } from './sm-resources.js';
import { BTP_ERRORS } from './errors.js';

const FIELDS = [
  'id',
  'name',
  'service_plan_id',
  'platform_id',
  'ready',
  'usable',
  'shared',
  'created_at',
  'updated_at',
];

export interface CreateInstanceInput {
  readonly name: string;
  readonly service_plan_id: string;
  readonly parameters?: unknown;
  readonly labels?: Readonly<Record<string, readonly string[]>> | undefined;
}

export interface UpdateInstanceInput {
  readonly name?: string | undefined;
  readonly service_plan_id?: string | undefined;
  readonly parameters?: unknown;
  /** SAP's instance sharing (the Service Operator's `ShareInstance`): not offered here. */
  readonly shared?: boolean | undefined;
  readonly labels?: readonly LabelChange[] | undefined;
}

export function createSmInstances(deps: SmDeps) {
  const { db, instances, runner } = deps;

  async function views(caller: SmCaller): Promise<SmInstanceView[]> {
    const subs = await callerSubaccounts(db, caller);
    const own = await ownResources(db, caller, 'service_instance');
    const rows = (await repo.listInstances(db, subs)).filter((r) => own?.has(r.id) ?? true);
    const d = await decorations(db, subs, 'service_instance', rows);
    return rows.map((r) =>
      smInstanceView(r, d.subaccounts.get(r.subaccount_id)!, d.labels.get(r.id), d.operations.get(r.id)),
    );
  }

  /** The instance if the caller sees it (404 otherwise), with its subaccounts. */
  async function visible(caller: SmCaller, id: string) {
    const subs = await callerSubaccounts(db, caller);
    const row = await repo.findInstanceAnywhere(db, id);
    const own = await ownResources(db, caller, 'service_instance');
    if (!row || !subs.includes(row.subaccount_id) || !(own?.has(id) ?? true))
      throw notFound(BTP_ERRORS.instance_not_found, id);
    return { row, subs };
  }

  async function view(caller: SmCaller, id: string): Promise<SmInstanceView> {
    const { row, subs } = await visible(caller, id);
    const d = await decorations(db, subs, 'service_instance', [row]);
    return smInstanceView(row, d.subaccounts.get(row.subaccount_id)!, d.labels.get(id), d.operations.get(id));
  }

  return {
    async list(caller: SmCaller, params: ListParams) {
      return pageOf(await views(caller), params, {
        what: 'service instances',
        fields: FIELDS,
        fieldsOf: (v) => scalarFields(v, FIELDS),
        labelsOf: (v) => v.labels,
        orderOf: (v) => ({ createdAt: v.created_at, id: v.id }),
      });
    },

    get: view,

    /** SAP's `GET /v1/service_instances/{id}/parameters` (sm-parameters.ts); 404 for what the caller cannot see. */
    async parameters(caller: SmCaller, id: string): Promise<Record<string, unknown>> {
      return instanceParameters((await visible(caller, id)).row);
    },

    async create(caller: SmCaller, input: CreateInstanceInput, async: boolean): Promise<SmChange<SmInstanceView>> {
      const subaccountId = await targetSubaccount(db, caller);
      const found = findCatalogPlanById(input.service_plan_id);
      if (!found)
        throw invalidInput(BTP_ERRORS.unknown_plan, `There is no service plan with id "${input.service_plan_id}".`, [
          { path: 'service_plan_id', message: 'not a plan of GET /v1/service_plans' },
        ]);
      assertMayProvision(caller, found.offering.name, 'instance');
      checkInstanceName(input.name, 'instance', 'service-manager');
      checkLabels(input.labels, 'labels');
      if (await repo.findInstanceByName(db, subaccountId, input.name))
        throw conflict(
          BTP_ERRORS.instance_exists,
          `An instance named "${input.name}" exists in this subaccount already.`,
        );
      const id = newId();
      const work = async () => {
        await instances.createInstance(caller.actor, {
          subaccountId,
          name: input.name,
          parameters: input.parameters,
          offeringName: found.offering.name,
          planName: found.plan.name,
          id,
          nameRule: 'service-manager',
        });
        await smRepo.addLabels(db, subaccountId, 'service_instance', id, toLabels(input.labels));
      };
      const op = await runner.run(
        { subaccountId, type: 'create', resourceType: 'service_instance', resourceId: id, creator: creatorOf(caller) },
        work,
        async,
      );
      return async
        ? { async: true, location: operationPath('service_instances', id, op.id) }
        : { async: false, resource: await view(caller, id) };
    },

    async update(
      caller: SmCaller,
      id: string,
      input: UpdateInstanceInput,
      async: boolean,
    ): Promise<SmChange<SmInstanceView>> {
      const { row, subs } = await visible(caller, id);
      // the instance service's guard: the caller manages this subaccount (a key: its own)
      await instances.getInstance(caller.actor, id);
      const current = await view(caller, id);
      if (input.service_plan_id !== undefined && input.service_plan_id !== current.service_plan_id)
        throw invalidInput(
          BTP_ERRORS.bad_parameters,
          'The plan of an instance cannot be changed (plan_updateable is false).',
          [{ path: 'service_plan_id', message: 'plan updates are not supported' }],
        );
      if (input.parameters !== undefined)
        throw invalidInput(
          BTP_ERRORS.bad_parameters,
          'The parameters of an instance cannot be changed; create a new instance.',
          [{ path: 'parameters', message: 'parameter updates are not supported' }],
        );
      if (input.shared === true)
        throw invalidInput(BTP_ERRORS.bad_parameters, 'Instance sharing is not offered by calm-keys.', [
          { path: 'shared', message: 'sharing is not supported' },
        ]);
      if (input.name !== undefined) checkInstanceName(input.name, 'instance', 'service-manager');
      await checkLabelChanges(db, row.subaccount_id, 'service_instance', id, input.labels ?? []);
      assertNoOperationRunning((await smRepo.lastOperations(db, subs, [id])).get(id), 'instance');
      const work = () =>
        withTx(db, async (tx) => {
          if (input.name !== undefined && input.name !== row.name) {
            try {
              await smRepo.renameInstance(tx, row.subaccount_id, id, input.name);
            } catch (error) {
              if (isUniqueViolation(error))
                throw conflict(
                  BTP_ERRORS.instance_exists,
                  `An instance named "${input.name}" exists in this subaccount already.`,
                );
              throw error;
            }
          }
          await applyLabelChanges(tx, row.subaccount_id, 'service_instance', id, input.labels ?? []);
        });
      const op = await runner.run(
        {
          subaccountId: row.subaccount_id,
          type: 'update',
          resourceType: 'service_instance',
          resourceId: id,
          creator: creatorOf(caller),
        },
        work,
        async,
      );
      return async
        ? { async: true, location: operationPath('service_instances', id, op.id) }
        : { async: false, resource: await view(caller, id) };
    },

    async delete(caller: SmCaller, id: string, async: boolean): Promise<SmChange<Record<string, never>>> {
      const { row, subs } = await visible(caller, id);
      assertNoOperationRunning((await smRepo.lastOperations(db, subs, [id])).get(id), 'instance');
      const bindings = await repo.listBindingsOfInstance(db, id);
      const work = async () => {
        await instances.deleteInstance(caller.actor, id);
        await smRepo.deleteLabelsOf(db, row.subaccount_id, 'service_instance', id);
        for (const b of bindings) await smRepo.deleteLabelsOf(db, row.subaccount_id, 'service_binding', b.id);
      };
      const op = await runner.run(
        {
          subaccountId: row.subaccount_id,
          type: 'delete',
          resourceType: 'service_instance',
          resourceId: id,
          creator: creatorOf(caller),
        },
        work,
        async,
      );
      return async
        ? { async: true, location: operationPath('service_instances', id, op.id) }
        : { async: false, resource: {} };
    },
  };
}

export const toLabels = (labels: Readonly<Record<string, readonly string[]>> | undefined) =>
  Object.fromEntries(Object.entries(labels ?? {}).map(([k, v]) => [k, [...v]]));

export type SmInstances = ReturnType<typeof createSmInstances>;
