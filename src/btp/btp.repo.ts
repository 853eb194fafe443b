/** SQL of the BTP control plane. Reads that a caller scopes take the subaccount first (docs/ARCHITECTURE.md rule 5). */
import type {
  Executor,
  GlobalAccountsTable,
  ServiceBindingsTable,
  ServiceInstancesTable,
  SubaccountsTable,
  CalmTenantsTable,
} from '../store/index.js';

export const insertGlobalAccount = (ex: Executor, row: GlobalAccountsTable) =>
  ex.insertInto('global_accounts').values(row).execute();
export const findGlobalAccount = (ex: Executor, id: string) =>
  ex.selectFrom('global_accounts').selectAll().where('id', '=', id).executeTakeFirst();
export const listGlobalAccounts = (ex: Executor) =>
  ex.selectFrom('global_accounts').selectAll().orderBy('name').execute();

export const insertSubaccount = (ex: Executor, row: SubaccountsTable) =>
  ex.insertInto('subaccounts').values(row).execute();
export const findSubaccount = (ex: Executor, id: string) =>
  ex.selectFrom('subaccounts').selectAll().where('id', '=', id).executeTakeFirst();
export const listSubaccounts = (ex: Executor, globalAccountId: string) =>
  ex.selectFrom('subaccounts').selectAll().where('global_account_id', '=', globalAccountId).orderBy('name').execute();
export const listAllSubaccounts = (ex: Executor) => ex.selectFrom('subaccounts').selectAll().orderBy('name').execute();

export const insertTenant = (ex: Executor, row: CalmTenantsTable) =>
  ex.insertInto('calm_tenants').values(row).execute();
export const findTenantBySubaccount = (ex: Executor, subaccountId: string) =>
  ex.selectFrom('calm_tenants').selectAll().where('subaccount_id', '=', subaccountId).executeTakeFirst();
export const findTenant = (ex: Executor, id: string) =>
  ex.selectFrom('calm_tenants').selectAll().where('id', '=', id).executeTakeFirst();

export const insertInstance = (ex: Executor, row: ServiceInstancesTable) =>
  ex.insertInto('service_instances').values(row).execute();
export const findInstance = (ex: Executor, subaccountId: string, id: string) =>
  ex
    .selectFrom('service_instances')
    .selectAll()
    .where('subaccount_id', '=', subaccountId)
    .where('id', '=', id)
    .executeTakeFirst();
export const findInstanceAnywhere = (ex: Executor, id: string) =>
  ex.selectFrom('service_instances').selectAll().where('id', '=', id).executeTakeFirst();
export const findInstanceByName = (ex: Executor, subaccountId: string, name: string) =>
  ex
    .selectFrom('service_instances')
    .selectAll()
    .where('subaccount_id', '=', subaccountId)
    .where('name', '=', name)
    .executeTakeFirst();
export const listInstances = (ex: Executor, subaccountIds: readonly string[]) =>
  subaccountIds.length === 0
    ? Promise.resolve([])
    : ex
        .selectFrom('service_instances')
        .selectAll()
        .where('subaccount_id', 'in', subaccountIds)
        .orderBy('created_at')
        .execute();
/**
 * Stores `sealed` as the instance secret unless the instance has one, and returns the one it has then.
 * The update comes first: it locks the row (PostgreSQL) or takes the write lock (SQLite), so of two
 * concurrent first instance-secret bindings the second sees the first one's secret (COALESCE on the row
 * version it waited for) and both carry the same secret.
 */
export async function claimInstanceSecret(ex: Executor, id: string, sealed: string): Promise<string> {
  await ex
    .updateTable('service_instances')
    .set((eb) => ({ instance_secret_sealed: eb.fn.coalesce('instance_secret_sealed', eb.val(sealed)) }))
    .where('id', '=', id)
    .execute();
  return (
    await ex
      .selectFrom('service_instances')
      .select('instance_secret_sealed')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).instance_secret_sealed!;
}
export const deleteInstance = (ex: Executor, subaccountId: string, id: string) =>
  ex.deleteFrom('service_instances').where('subaccount_id', '=', subaccountId).where('id', '=', id).execute();

export const insertBinding = (ex: Executor, row: ServiceBindingsTable) =>
  ex.insertInto('service_bindings').values(row).execute();
export const findBinding = (ex: Executor, subaccountId: string, id: string) =>
  ex
    .selectFrom('service_bindings')
    .selectAll()
    .where('subaccount_id', '=', subaccountId)
    .where('id', '=', id)
    .executeTakeFirst();
export const findBindingAnywhere = (ex: Executor, id: string) =>
  ex.selectFrom('service_bindings').selectAll().where('id', '=', id).executeTakeFirst();
export const listBindings = (ex: Executor, subaccountIds: readonly string[]) =>
  subaccountIds.length === 0
    ? Promise.resolve([])
    : ex
        .selectFrom('service_bindings')
        .selectAll()
        .where('subaccount_id', 'in', subaccountIds)
        .orderBy('created_at')
        .execute();
export const listBindingsOfInstance = (ex: Executor, instanceId: string) =>
  ex.selectFrom('service_bindings').selectAll().where('instance_id', '=', instanceId).orderBy('created_at').execute();
export async function countBindingsOfInstance(ex: Executor, instanceId: string): Promise<number> {
  const row = await ex
    .selectFrom('service_bindings')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('instance_id', '=', instanceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
export const deleteBinding = (ex: Executor, id: string) =>
  ex.deleteFrom('service_bindings').where('id', '=', id).execute();
