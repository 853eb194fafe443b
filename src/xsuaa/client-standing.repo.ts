/**
 * SQL of a client's standing: whether the OAuth client exists and is not revoked, and its credentials that are
 * not revoked (id and creation time). Read for many clients in one query (the Cloud ALM API's bearer check batches
 * the clients it has to look up); client_pk leads both indexes of client_credentials.
 */
import type { Executor } from '../store/index.js';

export interface ClientStandingRow {
  readonly client_id: string;
  readonly revoked_at: string | null;
  /** One row per credential that is not revoked; null (one row) when the client has none left. */
  readonly credential_id: string | null;
  /** ISO-8601 UTC, of that credential. */
  readonly credential_created_at: string | null;
}

/** The rows of every client id that names a client; ids that name none are absent. */
export const findClientStandings = (ex: Executor, clientIds: readonly string[]): Promise<ClientStandingRow[]> =>
  ex
    .selectFrom('oauth_clients')
    .leftJoin('client_credentials', (join) =>
      join
        .onRef('client_credentials.client_pk', '=', 'oauth_clients.id')
        .on('client_credentials.revoked_at', 'is', null),
    )
    .select([
      'oauth_clients.client_id',
      'oauth_clients.revoked_at',
      'client_credentials.id as credential_id',
      'client_credentials.created_at as credential_created_at',
    ])
    .where('oauth_clients.client_id', 'in', [...clientIds])
    .execute();

/** The client ids of a binding's credentials that are not revoked yet (read before revoking them). */
export const findClientIdsOfBinding = async (ex: Executor, bindingId: string): Promise<string[]> =>
  (
    await ex
      .selectFrom('client_credentials')
      .innerJoin('oauth_clients', 'oauth_clients.id', 'client_credentials.client_pk')
      .select('oauth_clients.client_id')
      .distinct()
      .where('client_credentials.binding_id', '=', bindingId)
      .where('client_credentials.revoked_at', 'is', null)
      .execute()
  ).map((row) => row.client_id);
