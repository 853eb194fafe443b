import type { Kysely } from 'kysely';

/** Observed use of a key: when a token was last issued for each credential (written at most once a minute). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('client_credentials').addColumn('last_token_at', 'text').execute();
  await db.schema.createIndex('client_credentials_binding').on('client_credentials').column('binding_id').execute();
}
