import type { Kysely } from 'kysely';

/**
 * Landscape Management: the "SAP Cloud ALM Service Key" slot, one row per tenant at most. The primary key on
 * tenant_id is what makes rule F5 (one key per tenant) atomic: of concurrent uploads exactly one insert wins.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lm_service_keys')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull()) // uploaded | provisioned
    .addColumn('key_sealed', 'text', (c) => c.notNull()) // the file as uploaded, envelope-encrypted
    .addColumn('file_name', 'text')
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('secret_fingerprint', 'text', (c) => c.notNull()) // keyed fingerprint of uaa.clientsecret
    .addColumn('binding_id', 'text') // known when provisioning placed the key
    .addColumn('summary', 'text', (c) => c.notNull()) // JSON ServiceKeySummary: no secret
    .addColumn('warnings', 'text', (c) => c.notNull()) // JSON Problem[] of the format check
    .addColumn('uploaded_by_id', 'text')
    .addColumn('uploaded_by_name', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // unknown | active | failed
    .addColumn('status_reason', 'text')
    .addColumn('status_at', 'text')
    .addColumn('last_test', 'text') // JSON KeyTestResult (never holds a secret) and who ran it
    .addColumn('deleted_in_btp_at', 'text')
    .execute();
  await db.schema
    .createIndex('lm_service_keys_credential')
    .on('lm_service_keys')
    .columns(['client_id', 'secret_fingerprint'])
    .execute();

  // Credentials whose binding was deleted in BTP, so that an upload of an already dead copy is flagged too.
  await db.schema
    .createTable('lm_deleted_credentials')
    .addColumn('secret_fingerprint', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('binding_id', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text', (c) => c.notNull())
    .execute();
}
