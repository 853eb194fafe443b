import type { Kysely } from 'kysely';

/** The BTP control plane: accounts, Cloud ALM tenants, "SAP Cloud ALM API" instances and their bindings. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('global_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('subaccounts')
    .addColumn('id', 'text', (c) => c.primaryKey()) // = identity zone id (zid)
    .addColumn('global_account_id', 'text', (c) => c.notNull().references('global_accounts.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('subdomain', 'text', (c) => c.notNull().unique())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('calm_tenants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subaccount_id', 'text', (c) => c.notNull().unique().references('subaccounts.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('provisioned_on', 'text', (c) => c.notNull()) // YYYY-MM-DD
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('service_instances')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subaccount_id', 'text', (c) => c.notNull().references('subaccounts.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('offering', 'text', (c) => c.notNull())
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('xsappname', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('credential_types', 'text', (c) => c.notNull())
    .addColumn('authorities', 'text', (c) => c.notNull())
    .addColumn('parameters', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull()) // manual | provisioning
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('service_instances_name', ['subaccount_id', 'name'])
    .execute();

  await db.schema
    .createTable('service_bindings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) => c.notNull().references('service_instances.id').onDelete('cascade'))
    .addColumn('subaccount_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('credential_type', 'text', (c) => c.notNull())
    .addColumn('key_sealed', 'text', (c) => c.notNull()) // the service-key JSON, envelope-encrypted
    .addColumn('secret_fingerprint', 'text', (c) => c.notNull()) // keyed fingerprint of the secret or certificate
    .addColumn('expires_at', 'text')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('service_bindings_name', ['instance_id', 'name'])
    .execute();
  await db.schema.createIndex('service_bindings_subaccount').on('service_bindings').column('subaccount_id').execute();
}
