import type { Kysely } from 'kysely';

/** The XSUAA-like authorization server: identity zones, OAuth clients, their credentials, signing keys. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('identity_zones')
    .addColumn('id', 'text', (c) => c.primaryKey()) // zid (GUID), = subaccount id
    .addColumn('subdomain', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('oauth_clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('zone_id', 'text', (c) => c.notNull().references('identity_zones.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (c) => c.notNull().unique())
    .addColumn('xsappname', 'text', (c) => c.notNull())
    .addColumn('credential_types', 'text', (c) => c.notNull()) // JSON array
    .addColumn('authorities', 'text', (c) => c.notNull()) // JSON array of full scope names
    .addColumn('service_instance_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('client_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_pk', 'text', (c) => c.notNull().references('oauth_clients.id').onDelete('cascade'))
    .addColumn('credential_type', 'text', (c) => c.notNull()) // binding-secret | instance-secret | x509
    .addColumn('binding_id', 'text')
    .addColumn('secret_hash', 'text') // SHA-256 hex of a secret (secrets are 256-bit random)
    .addColumn('cert_fingerprint', 'text') // SHA-256 of an x509 client certificate
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createIndex('client_credentials_secret')
    .on('client_credentials')
    .columns(['client_pk', 'secret_hash'])
    .execute();
  await db.schema
    .createIndex('client_credentials_cert')
    .on('client_credentials')
    .columns(['client_pk', 'cert_fingerprint'])
    .execute();

  await db.schema
    .createTable('signing_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('private_key_sealed', 'text', (c) => c.notNull()) // PKCS#8 PEM, envelope-encrypted
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('activates_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .execute();
}
