import type { Kysely } from 'kysely';

/**
 * The instance secret of a service instance, sealed once on the instance: every instance-secret binding of
 * the instance carries this one secret, as with XSUAA. Null until the first such binding is created.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('service_instances').addColumn('instance_secret_sealed', 'text').execute();
}
