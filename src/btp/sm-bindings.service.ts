/**
 * Service bindings through the Service Manager API, after sm-instances.service.ts: list, read with
 * `credentials` (the audited read of the key, bindings.service.ts; only for a caller that may hold them,
 * sm-privileges.ts), create by `service_instance_id`, rename and relabel by PATCH, delete; each change an
 * operation. Deleting a binding revokes its credential at once. A service-manager key's
 * list carries each listed binding's credentials as SAP's does (SAP's clients read the key from the list:
 * `@sap/instance-manager` `get`/`getAll`, the Service Operator's recovery), each read audited; a person's list
 * (the web UI, the CLI) carries none, so that a list never fetches every key into a browser.
 */
import { newId } from '../crypto/index.js';
import { conflict, DomainError, notFound } from '../shared/index.js';
import { isUniqueViolation, withTx } from '../store/index.js';
import * as repo from './btp.repo.js';
import { checkBindingName } from './instance-parameters.js';
import { callerSubaccounts, creatorOf, ownResources, type SmCaller } from './sm-caller.js';
import { assertNoOperationRunning, decorations, operationPath, type SmChange, type SmDeps } from './sm-context.js';
import { toLabels } from './sm-instances.service.js';
import { applyLabelChanges, checkLabelChanges, checkLabels, type LabelChange } from './sm-labels.js';
import { pageOf, scalarFields, type ListParams } from './sm-list.js';
import { assertMayProvision, maySeeCredentials } from './sm-privileges.js';
import * as smRepo from './sm-repo.js';
import { smBindingView, type SmBindingView } from './sm-resources.js';
import { BTP_ERRORS } from './errors.js';

const FIELDS = [
  'id',
  'name',
  'service_instance_id',
  'service_instance_name',
  'platform_id',
  'ready',
  'usable',
  'created_at',
  'updated_at',
];

export interface CreateBindingInput {
  readonly name: string;
  readonly service_instance_id: string;
  readonly parameters?: unknown;
  readonly labels?: Readonly<Record<string, readonly string[]>> | undefined;
}

export interface UpdateBindingInput {
  readonly name?: string | undefined;
  readonly labels?: readonly LabelChange[] | undefined;
}

export function createSmBindings(deps: SmDeps) {
  const { db, instances, runner } = deps;

  async function visible(caller: SmCaller, id: string) {
    const subs = await callerSubaccounts(db, caller);
    const row = await repo.findBindingAnywhere(db, id);
    const own = await ownResources(db, caller, 'service_binding');
    if (!row || !subs.includes(row.subaccount_id) || !(own?.has(id) ?? true))
      throw notFound(BTP_ERRORS.binding_not_found, id);
    return { row, subs };
  }

  async function view(caller: SmCaller, id: string): Promise<SmBindingView> {
    const { row, subs } = await visible(caller, id);
    const d = await decorations(db, subs, 'service_binding', [row]);
    const instance = await repo.findInstanceAnywhere(db, row.instance_id);
    return smBindingView(row, instance, d.subaccounts.get(row.subaccount_id)!, d.labels.get(id), d.operations.get(id));
  }

  /**
   * The binding with its credentials: the audited read of the key (a key caller is audited by its client id).
   * A caller that may not hold them (sm-privileges.ts) gets the binding without `credentials`, unaudited.
   */
  async function withCredentials(caller: SmCaller, id: string): Promise<SmBindingView & { credentials?: unknown }> {
    const plain = await view(caller, id);
    const instance = await repo.findInstanceAnywhere(db, plain.service_instance_id);
    if (!maySeeCredentials(caller, instance?.offering)) return plain;
    const { credentials } = await instances.getBinding(caller.actor, id);
    return { ...plain, credentials };
  }

  /**
   * A listed binding with its credentials for a key that may hold them (audited, one read per binding), else
   * as listed. A binding deleted since the list was read is answered as listed, without credentials.
   */
  async function listedWithCredentials(caller: SmCaller, item: SmBindingView, offering: string | undefined) {
    if (caller.kind !== 'key' || !maySeeCredentials(caller, offering)) return item;
    try {
      const { credentials } = await instances.getBinding(caller.actor, item.id);
      return { ...item, credentials };
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') return item;
      throw error;
    }
  }

  return {
    async list(caller: SmCaller, params: ListParams) {
      const subs = await callerSubaccounts(db, caller);
      const own = await ownResources(db, caller, 'service_binding');
      const rows = (await repo.listBindings(db, subs)).filter((r) => own?.has(r.id) ?? true);
      const d = await decorations(db, subs, 'service_binding', rows);
      const names = new Map((await repo.listInstances(db, subs)).map((i) => [i.id, i] as const));
      const views = rows.map((r) =>
        smBindingView(
          r,
          names.get(r.instance_id),
          d.subaccounts.get(r.subaccount_id)!,
          d.labels.get(r.id),
          d.operations.get(r.id),
        ),
      );
      const page = pageOf(views, params, {
        what: 'service bindings',
        fields: FIELDS,
        fieldsOf: (v) => scalarFields(v, FIELDS),
        labelsOf: (v) => v.labels,
        orderOf: (v) => ({ createdAt: v.created_at, id: v.id }),
      });
      // only the page's items are read: a key's secrets leave (and are audited) only when answered
      const items = [];
      for (const item of page.items)
        items.push(await listedWithCredentials(caller, item, names.get(item.service_instance_id)?.offering));
      return { ...page, items };
    },

    get: withCredentials,

    async create(caller: SmCaller, input: CreateBindingInput, async: boolean): Promise<SmChange<unknown>> {
      const subs = await callerSubaccounts(db, caller);
      const instance = await repo.findInstanceAnywhere(db, input.service_instance_id);
      const own = await ownResources(db, caller, 'service_instance');
      if (!instance || !subs.includes(instance.subaccount_id) || !(own?.has(instance.id) ?? true))
        throw notFound(BTP_ERRORS.instance_not_found, input.service_instance_id);
      assertMayProvision(caller, instance.offering, 'binding');
      checkBindingName(input.name, 'manual', 'service-manager');
      checkLabels(input.labels, 'labels');
      const existing = await repo.listBindingsOfInstance(db, instance.id);
      if (existing.some((b) => b.name === input.name))
        throw conflict(BTP_ERRORS.binding_exists, `A binding named "${input.name}" exists for this instance already.`);
      assertNoOperationRunning((await smRepo.lastOperations(db, subs, [instance.id])).get(instance.id), 'instance');
      const id = newId();
      const subaccountId = instance.subaccount_id;
      const work = async () => {
        await instances.createBinding(caller.actor, {
          instanceId: instance.id,
          name: input.name,
          parameters: input.parameters,
          id,
          nameRule: 'service-manager',
        });
        await smRepo.addLabels(db, subaccountId, 'service_binding', id, toLabels(input.labels));
      };
      const op = await runner.run(
        { subaccountId, type: 'create', resourceType: 'service_binding', resourceId: id, creator: creatorOf(caller) },
        work,
        async,
      );
      return async
        ? { async: true, location: operationPath('service_bindings', id, op.id) }
        : { async: false, resource: await withCredentials(caller, id) };
    },

    async update(
      caller: SmCaller,
      id: string,
      input: UpdateBindingInput,
      async: boolean,
    ): Promise<SmChange<SmBindingView>> {
      const { row, subs } = await visible(caller, id);
      await instances.getInstance(caller.actor, row.instance_id); // the caller manages this subaccount
      if (input.name !== undefined) checkBindingName(input.name, 'manual', 'service-manager');
      await checkLabelChanges(db, row.subaccount_id, 'service_binding', id, input.labels ?? []);
      assertNoOperationRunning((await smRepo.lastOperations(db, subs, [id])).get(id), 'binding');
      const work = () =>
        withTx(db, async (tx) => {
          if (input.name !== undefined && input.name !== row.name) {
            try {
              await smRepo.renameBinding(tx, row.subaccount_id, id, input.name);
            } catch (error) {
              if (isUniqueViolation(error))
                throw conflict(
                  BTP_ERRORS.binding_exists,
                  `A binding named "${input.name}" exists for this instance already.`,
                );
              throw error;
            }
          }
          await applyLabelChanges(tx, row.subaccount_id, 'service_binding', id, input.labels ?? []);
        });
      const op = await runner.run(
        {
          subaccountId: row.subaccount_id,
          type: 'update',
          resourceType: 'service_binding',
          resourceId: id,
          creator: creatorOf(caller),
        },
        work,
        async,
      );
      return async
        ? { async: true, location: operationPath('service_bindings', id, op.id) }
        : { async: false, resource: await view(caller, id) };
    },

    async delete(caller: SmCaller, id: string, async: boolean): Promise<SmChange<Record<string, never>>> {
      const { row, subs } = await visible(caller, id);
      assertNoOperationRunning((await smRepo.lastOperations(db, subs, [id])).get(id), 'binding');
      const work = async () => {
        await instances.deleteBinding(caller.actor, id);
        await smRepo.deleteLabelsOf(db, row.subaccount_id, 'service_binding', id);
      };
      const op = await runner.run(
        {
          subaccountId: row.subaccount_id,
          type: 'delete',
          resourceType: 'service_binding',
          resourceId: id,
          creator: creatorOf(caller),
        },
        work,
        async,
      );
      return async
        ? { async: true, location: operationPath('service_bindings', id, op.id) }
        : { async: false, resource: {} };
    },
  };
}

export type SmBindings = ReturnType<typeof createSmBindings>;
