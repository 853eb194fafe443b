import type { Kysely } from 'kysely';

/**
 * The SAP Service Manager API (`/v1`, src/btp/README.md "Service Manager"): the labels of instances and
 * bindings (one row per key and value, as SAP's labels are a key with a list of values) and the operations
 * of their asynchronous and synchronous changes (`GET .../operations/{id}`, `last_operation`). The
 * subaccount comes first in every key and index: every read is scoped to the caller's subaccounts.
 * No foreign keys to the resources: an operation outlives the resource it deleted, and a label row is
 * deleted with its resource by the service, in the same transaction.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sm_labels')
    .addColumn('subaccount_id', 'text', (c) => c.notNull().references('subaccounts.id').onDelete('cascade'))
    .addColumn('resource_type', 'text', (c) => c.notNull()) // service_instance | service_binding
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sm_labels_pk', ['subaccount_id', 'resource_type', 'resource_id', 'key', 'value'])
    .execute();

  await db.schema
    .createTable('sm_operations')
    .addColumn('subaccount_id', 'text', (c) => c.notNull().references('subaccounts.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull()) // service_instance | service_binding
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull()) // create | update | delete
    // the service-manager instance whose key made the change (null: a person); a container plan sees its own
    .addColumn('creator_instance_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull()) // in progress | succeeded | failed
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('errors', 'text', (c) => c.notNull()) // JSON array of {error, description}
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sm_operations_pk', ['subaccount_id', 'id'])
    .execute();
  await db.schema
    .createIndex('sm_operations_resource')
    .on('sm_operations')
    .columns(['subaccount_id', 'resource_id', 'created_at'])
    .execute();
  await db.schema.createIndex('sm_operations_state').on('sm_operations').columns(['state', 'updated_at']).execute();
}
