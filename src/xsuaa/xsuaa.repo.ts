/** SQL of the authorization server: zones, clients and their credentials. */
import type { Executor } from '../store/index.js';

export const findZoneById = (ex: Executor, id: string) =>
  ex.selectFrom('identity_zones').selectAll().where('id', '=', id).executeTakeFirst();

export const findZoneBySubdomain = (ex: Executor, subdomain: string) =>
  ex.selectFrom('identity_zones').selectAll().where('subdomain', '=', subdomain).executeTakeFirst();

export const insertZone = (ex: Executor, row: { id: string; subdomain: string; name: string; created_at: string }) =>
  ex.insertInto('identity_zones').values(row).execute();

/** What the token endpoint needs of a client and its zone. */
const CLIENT_COLUMNS = [
  'oauth_clients.id as pk',
  'oauth_clients.client_id',
  'oauth_clients.xsappname',
  'oauth_clients.credential_types',
  'oauth_clients.authorities',
  'oauth_clients.service_instance_id',
  'oauth_clients.revoked_at',
  'identity_zones.id as zone_id',
  'identity_zones.subdomain',
] as const;

export const findClient = (ex: Executor, clientId: string) =>
  ex
    .selectFrom('oauth_clients')
    .innerJoin('identity_zones', 'identity_zones.id', 'oauth_clients.zone_id')
    .select(CLIENT_COLUMNS)
    .where('oauth_clients.client_id', '=', clientId)
    .executeTakeFirst();

export type ClientRecord = NonNullable<Awaited<ReturnType<typeof findClient>>>;

/** The primary key of the first client named by one of these exact ids (the spellings one request offers). */
export const findClientPk = async (ex: Executor, clientIds: readonly string[]): Promise<string | undefined> =>
  clientIds.length === 0
    ? undefined
    : (
        await ex
          .selectFrom('oauth_clients')
          .select('id')
          .where('client_id', 'in', [...clientIds])
          .orderBy('id')
          .executeTakeFirst()
      )?.id;

export const insertClient = (
  ex: Executor,
  row: {
    id: string;
    zone_id: string;
    client_id: string;
    xsappname: string;
    credential_types: string;
    authorities: string;
    service_instance_id: string | null;
    created_at: string;
  },
) =>
  ex
    .insertInto('oauth_clients')
    .values({ ...row, revoked_at: null })
    .execute();

export const revokeClient = (ex: Executor, clientId: string, at: string) =>
  ex
    .updateTable('oauth_clients')
    .set({ revoked_at: at })
    .where('client_id', '=', clientId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();

export const insertCredential = (
  ex: Executor,
  row: {
    id: string;
    client_pk: string;
    credential_type: string;
    binding_id: string | null;
    secret_hash: string | null;
    cert_fingerprint: string | null;
    created_at: string;
    expires_at: string | null;
  },
) =>
  ex
    .insertInto('client_credentials')
    .values({ ...row, revoked_at: null, last_token_at: null })
    .execute();

/**
 * The live secret credentials matching any of the client ids and any of the hashes, in one query (the token
 * endpoint's hot path): a Basic header is tried raw and form-decoded (up to 2 ids x 2 secrets), once 4 round trips.
 */
export const findClientsBySecrets = (ex: Executor, clientIds: readonly string[], secretHashes: readonly string[]) =>
  ex
    .selectFrom('oauth_clients')
    .innerJoin('identity_zones', 'identity_zones.id', 'oauth_clients.zone_id')
    .innerJoin('client_credentials', 'client_credentials.client_pk', 'oauth_clients.id')
    .select([
      ...CLIENT_COLUMNS,
      'client_credentials.credential_type',
      'client_credentials.secret_hash',
      'client_credentials.id as credential_id',
    ])
    .where('oauth_clients.client_id', 'in', clientIds)
    .where('oauth_clients.revoked_at', 'is', null)
    .where('client_credentials.secret_hash', 'in', secretHashes)
    .where('client_credentials.revoked_at', 'is', null)
    .execute();

export const findCertificateCredential = (ex: Executor, clientPk: string, fingerprint: string) =>
  ex
    .selectFrom('client_credentials')
    .selectAll()
    .where('client_pk', '=', clientPk)
    .where('cert_fingerprint', '=', fingerprint)
    .executeTakeFirst();

export const revokeCredential = (ex: Executor, id: string, at: string) =>
  ex
    .updateTable('client_credentials')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();

export const revokeCredentialsOfBinding = (ex: Executor, bindingId: string, at: string) =>
  ex
    .updateTable('client_credentials')
    .set({ revoked_at: at })
    .where('binding_id', '=', bindingId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();

export const recordTokenIssued = (ex: Executor, credentialId: string, at: string) =>
  ex.updateTable('client_credentials').set({ last_token_at: at }).where('id', '=', credentialId).execute();

/**
 * The last token issued with a binding's credential of this client in this identity zone, if any was recorded.
 * The zone is part of the question: a key uploaded elsewhere may name any client id and binding id.
 */
export async function lastTokenOfBinding(
  ex: Executor,
  zoneId: string,
  clientId: string,
  bindingId: string,
): Promise<string | null> {
  const row = await ex
    .selectFrom('client_credentials')
    .innerJoin('oauth_clients', 'oauth_clients.id', 'client_credentials.client_pk')
    .select('client_credentials.last_token_at')
    .where('oauth_clients.zone_id', '=', zoneId)
    .where('oauth_clients.client_id', '=', clientId)
    .where('client_credentials.binding_id', '=', bindingId)
    .orderBy('client_credentials.last_token_at', 'desc')
    .executeTakeFirst();
  return row?.last_token_at ?? null;
}
