/** SQL of the service-key slot. Every function takes the tenant first (docs/ARCHITECTURE.md rule 5), except the BTP-deletion match. */
import type { Executor, LmServiceKeysTable } from '../store/index.js';

export type SlotRow = LmServiceKeysTable;

/** Fails with a unique violation when the tenant's slot already holds a key: that is rule F5, atomically. */
export const insertKey = (ex: Executor, row: SlotRow) => ex.insertInto('lm_service_keys').values(row).execute();

export const findKey = (ex: Executor, tenantId: string) =>
  ex.selectFrom('lm_service_keys').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();

export async function deleteKey(ex: Executor, tenantId: string, id: string): Promise<boolean> {
  const result = await ex
    .deleteFrom('lm_service_keys')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Stores a test result only if the slot still holds the key that was tested (it may have been replaced
 * meanwhile). With `unlessDeletedInBtp` (a passing test) it is not stored either once the copy has been
 * flagged as deleted in BTP: the flag, set while the test ran, keeps the status red.
 */
export async function recordTest(
  ex: Executor,
  tenantId: string,
  id: string,
  values: Pick<SlotRow, 'status' | 'status_reason' | 'status_at' | 'last_test'>,
  options: { unlessDeletedInBtp?: boolean } = {},
): Promise<boolean> {
  let update = ex.updateTable('lm_service_keys').set(values).where('tenant_id', '=', tenantId).where('id', '=', id);
  if (options.unlessDeletedInBtp) update = update.where('deleted_in_btp_at', 'is', null);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export const findByCredential = (ex: Executor, clientId: string, secretFingerprint: string) =>
  ex
    .selectFrom('lm_service_keys')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('secret_fingerprint', '=', secretFingerprint)
    .execute();

/** Flags the copy unless it is flagged already; true when this call flagged it (a repeated event changes nothing). */
export async function markDeletedInBtp(
  ex: Executor,
  tenantId: string,
  id: string,
  values: Pick<SlotRow, 'deleted_in_btp_at' | 'status' | 'status_reason' | 'status_at'>,
): Promise<boolean> {
  const result = await ex
    .updateTable('lm_service_keys')
    .set(values)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('deleted_in_btp_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function rememberDeletedCredential(
  ex: Executor,
  row: { secret_fingerprint: string; client_id: string; binding_id: string; deleted_at: string },
): Promise<void> {
  await ex
    .insertInto('lm_deleted_credentials')
    .values(row)
    .onConflict((oc) => oc.column('secret_fingerprint').doNothing())
    .execute();
}

export const findDeletedCredential = (ex: Executor, clientId: string, secretFingerprint: string) =>
  ex
    .selectFrom('lm_deleted_credentials')
    .selectAll()
    .where('secret_fingerprint', '=', secretFingerprint)
    .where('client_id', '=', clientId)
    .executeTakeFirst();

/**
 * Takes the tenant's Test lease unless a live one is held (an expired one is removed first): atomic through
 * the primary key, so of concurrent takers, in any process on the database, exactly one gets it.
 */
export async function takeTestLease(
  ex: Executor,
  lease: { tenant_id: string; lease_id: string; held_by: string; started_at: string; expires_at: string },
): Promise<boolean> {
  await ex
    .deleteFrom('lm_test_leases')
    .where('tenant_id', '=', lease.tenant_id)
    .where('expires_at', '<=', lease.started_at)
    .execute();
  const result = await ex
    .insertInto('lm_test_leases')
    .values(lease)
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export const findTestLease = (ex: Executor, tenantId: string) =>
  ex.selectFrom('lm_test_leases').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();

export async function holdsTestLease(ex: Executor, tenantId: string, leaseId: string): Promise<boolean> {
  return (
    (await ex
      .selectFrom('lm_test_leases')
      .select('lease_id')
      .where('tenant_id', '=', tenantId)
      .where('lease_id', '=', leaseId)
      .executeTakeFirst()) !== undefined
  );
}

export async function releaseTestLease(ex: Executor, tenantId: string, leaseId: string): Promise<void> {
  await ex.deleteFrom('lm_test_leases').where('tenant_id', '=', tenantId).where('lease_id', '=', leaseId).execute();
}
