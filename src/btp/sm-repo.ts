/**
 * SQL of the Service Manager API's own tables (migration 013): labels of instances and bindings, and their
 * operations. Every statement takes the subaccount first (docs/ARCHITECTURE.md rule 5).
 */
import type { Executor, SmOperationsTable } from '../store/index.js';

export type SmResourceType = 'service_instance' | 'service_binding';
export type SmOperationType = 'create' | 'update' | 'delete';
export type SmOperationState = 'in progress' | 'succeeded' | 'failed';
export type SmLabels = Record<string, string[]>;
export type OperationRow = SmOperationsTable;

/** The labels of these resources: id -> key -> values (sorted, so that answers are stable). */
export async function labelsOf(
  ex: Executor,
  subaccountIds: readonly string[],
  type: SmResourceType,
  ids: readonly string[],
): Promise<Map<string, SmLabels>> {
  const out = new Map<string, SmLabels>();
  if (subaccountIds.length === 0 || ids.length === 0) return out;
  const rows = await ex
    .selectFrom('sm_labels')
    .select(['resource_id', 'key', 'value'])
    .where('subaccount_id', 'in', subaccountIds)
    .where('resource_type', '=', type)
    .where('resource_id', 'in', ids)
    .orderBy('key')
    .orderBy('value')
    .execute();
  for (const r of rows) {
    const labels = out.get(r.resource_id) ?? {};
    (labels[r.key] ??= []).push(r.value);
    out.set(r.resource_id, labels);
  }
  return out;
}

export async function addLabels(
  ex: Executor,
  subaccountId: string,
  type: SmResourceType,
  id: string,
  labels: SmLabels,
): Promise<void> {
  const rows = Object.entries(labels).flatMap(([key, values]) =>
    [...new Set(values)].map((value) => ({
      subaccount_id: subaccountId,
      resource_type: type,
      resource_id: id,
      key,
      value,
    })),
  );
  if (rows.length === 0) return;
  await ex
    .insertInto('sm_labels')
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Removes these values of a label, or the whole label when `values` is empty (SAP's "remove" operation). */
export async function removeLabel(
  ex: Executor,
  subaccountId: string,
  type: SmResourceType,
  id: string,
  key: string,
  values: readonly string[],
): Promise<void> {
  let q = ex
    .deleteFrom('sm_labels')
    .where('subaccount_id', '=', subaccountId)
    .where('resource_type', '=', type)
    .where('resource_id', '=', id)
    .where('key', '=', key);
  if (values.length > 0) q = q.where('value', 'in', values);
  await q.execute();
}

export const deleteLabelsOf = (ex: Executor, subaccountId: string, type: SmResourceType, id: string) =>
  ex
    .deleteFrom('sm_labels')
    .where('subaccount_id', '=', subaccountId)
    .where('resource_type', '=', type)
    .where('resource_id', '=', id)
    .execute();

export const insertOperation = (ex: Executor, row: OperationRow) =>
  ex.insertInto('sm_operations').values(row).execute();

export const finishOperation = (
  ex: Executor,
  subaccountId: string,
  id: string,
  result: { state: SmOperationState; description: string; errors: string; updatedAt: string },
) =>
  ex
    .updateTable('sm_operations')
    .set({ state: result.state, description: result.description, errors: result.errors, updated_at: result.updatedAt })
    .where('subaccount_id', '=', subaccountId)
    .where('id', '=', id)
    .execute();

export const findOperation = (ex: Executor, subaccountIds: readonly string[], resourceId: string, id: string) =>
  subaccountIds.length === 0
    ? Promise.resolve(undefined)
    : ex
        .selectFrom('sm_operations')
        .selectAll()
        .where('subaccount_id', 'in', subaccountIds)
        .where('id', '=', id)
        .where('resource_id', '=', resourceId)
        .executeTakeFirst();

/** The newest operation of each resource (its `last_operation`). */
export async function lastOperations(
  ex: Executor,
  subaccountIds: readonly string[],
  ids: readonly string[],
): Promise<Map<string, OperationRow>> {
  const out = new Map<string, OperationRow>();
  if (subaccountIds.length === 0 || ids.length === 0) return out;
  const rows = await ex
    .selectFrom('sm_operations')
    .selectAll()
    .where('subaccount_id', 'in', subaccountIds)
    .where('resource_id', 'in', ids)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const r of rows) out.set(r.resource_id, r); // later rows win
  return out;
}

/** Operations still "in progress" of resources in these subaccounts (a create whose resource is not stored yet). */
export const operationsInProgress = (ex: Executor, subaccountIds: readonly string[], type: SmResourceType) =>
  subaccountIds.length === 0
    ? Promise.resolve([])
    : ex
        .selectFrom('sm_operations')
        .selectAll()
        .where('subaccount_id', 'in', subaccountIds)
        .where('resource_type', '=', type)
        .where('state', '=', 'in progress')
        .execute();

/** The resources a service-manager instance's key created here (what a `container` plan's key sees). */
export async function createdBy(
  ex: Executor,
  subaccountId: string,
  type: SmResourceType,
  creatorInstanceId: string,
): Promise<Set<string>> {
  const rows = await ex
    .selectFrom('sm_operations')
    .select('resource_id')
    .where('subaccount_id', '=', subaccountId)
    .where('resource_type', '=', type)
    .where('type', '=', 'create')
    .where('creator_instance_id', '=', creatorInstanceId)
    .execute();
  return new Set(rows.map((r) => r.resource_id));
}

/**
 * Keeps the operations bounded (sm-operations.ts `OPERATION_RETENTION`): of this resource, its create and the
 * newest `keepPerResource` others; in the subaccount, those created before `before` whose resource is gone. Never an
 * operation in progress, and never the create of a resource that exists (`createdBy` reads it).
 */
export async function pruneOperations(
  ex: Executor,
  subaccountId: string,
  resourceId: string,
  keepPerResource: number,
  before: string,
  /** The operation just written: it counts as the newest whatever its id (operations of one millisecond tie). */
  newestId: string,
): Promise<void> {
  const older = await ex
    .selectFrom('sm_operations')
    .select(['id', 'state'])
    .where('subaccount_id', '=', subaccountId)
    .where('resource_id', '=', resourceId)
    .where('type', '!=', 'create')
    .where('id', '!=', newestId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(Math.max(0, keepPerResource - 1)) // the newest others stay; the create is never among these rows
    .limit(1000)
    .execute()
    .then((rows) => rows.filter((r) => r.state !== 'in progress'));
  if (older.length > 0)
    await ex
      .deleteFrom('sm_operations')
      .where('subaccount_id', '=', subaccountId)
      .where(
        'id',
        'in',
        older.map((r) => r.id),
      )
      .execute();
  await ex
    .deleteFrom('sm_operations')
    .where('subaccount_id', '=', subaccountId)
    .where('created_at', '<', before)
    .where('state', '!=', 'in progress')
    .where((eb) =>
      eb.or([
        eb.and([
          eb('resource_type', '=', 'service_instance'),
          eb(
            'resource_id',
            'not in',
            eb.selectFrom('service_instances').select('id').where('subaccount_id', '=', subaccountId),
          ),
        ]),
        eb.and([
          eb('resource_type', '=', 'service_binding'),
          eb(
            'resource_id',
            'not in',
            eb.selectFrom('service_bindings').select('id').where('subaccount_id', '=', subaccountId),
          ),
        ]),
      ]),
    )
    .execute();
}

/** Marks every operation still "in progress" and last updated before `before` as failed (interrupted). */
export async function failOperationsBefore(ex: Executor, before: string, now: string, errors: string): Promise<number> {
  const result = await ex
    .updateTable('sm_operations')
    .set({ state: 'failed', description: 'Interrupted: calm-keys stopped while it ran.', errors, updated_at: now })
    .where('state', '=', 'in progress')
    .where('updated_at', '<', before)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Renames (PATCH `name`): the unique constraint on (subaccount, name) refuses a taken name. */
export const renameInstance = (ex: Executor, subaccountId: string, id: string, name: string) =>
  ex
    .updateTable('service_instances')
    .set({ name })
    .where('subaccount_id', '=', subaccountId)
    .where('id', '=', id)
    .execute();

export const renameBinding = (ex: Executor, subaccountId: string, id: string, name: string) =>
  ex
    .updateTable('service_bindings')
    .set({ name })
    .where('subaccount_id', '=', subaccountId)
    .where('id', '=', id)
    .execute();
