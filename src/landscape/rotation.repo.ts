/** SQL of staged rotation (migration 020): tenant first (docs/ARCHITECTURE.md rule 5), except the worker's poll. */
import type { Executor, LmKeyRotationsTable, LmServiceKeysTable } from '../store/index.js';

export type RotationRow = LmKeyRotationsTable;

/** Fails with a unique violation when a rotation of the tenant runs already (`active_tenant_id`). */
export const insertRotation = (ex: Executor, row: RotationRow) =>
  ex.insertInto('lm_key_rotations').values(row).execute();

export const findActiveRotation = (ex: Executor, tenantId: string) =>
  ex
    .selectFrom('lm_key_rotations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('active_tenant_id', '=', tenantId)
    .executeTakeFirst();

/** The running rotation, or else the last one that ended (shown with its steps). */
export const findLatestRotation = (ex: Executor, tenantId: string) =>
  ex
    .selectFrom('lm_key_rotations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();

export const findRotation = (ex: Executor, tenantId: string, id: string) =>
  ex
    .selectFrom('lm_key_rotations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

/**
 * The step that moves the rotation on: applied only while it is still in one of `from` (and, with
 * `leaseBefore`, only when no live claim holds it), so of two processes exactly one makes the step.
 */
export async function advanceRotation(
  ex: Executor,
  tenantId: string,
  id: string,
  from: readonly string[],
  values: Partial<RotationRow>,
  options: { leaseBefore?: string } = {},
): Promise<boolean> {
  let update = ex
    .updateTable('lm_key_rotations')
    .set(values)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('state', 'in', [...from]);
  const before = options.leaseBefore;
  if (before !== undefined)
    update = update.where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', before)]));
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** What the worker has to do: grace periods that ended, and steps whose process stopped (their claim lapsed). */
export const findDueRotations = (ex: Executor, now: string, limit: number) =>
  ex
    .selectFrom('lm_key_rotations')
    .select(['tenant_id', 'id', 'state'])
    .where('active_tenant_id', 'is not', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('state', '=', 'grace'), eb('delete_due_at', '<=', now)]),
        eb.and([eb('state', 'in', ['creating', 'testing', 'retiring']), eb('lease_until', '<=', now)]),
      ]),
    )
    .orderBy('delete_due_at')
    .limit(limit)
    .execute();

/**
 * Promotion: the slot's row takes the pending key (its bytes, sealed under its new id, and what is shown of
 * it), only while the slot still holds the key the rotation started from.
 */
export async function replaceSlotKey(
  ex: Executor,
  tenantId: string,
  oldKeyId: string,
  values: Partial<Omit<LmServiceKeysTable, 'tenant_id' | 'name'>>,
): Promise<boolean> {
  const result = await ex
    .updateTable('lm_service_keys')
    .set(values)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', oldKeyId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
