/**
 * The opt-in refusal of tokens already issued to a deleted binding (`CALM_KEYS_REJECT_TOKENS_OF_DELETED_BINDINGS`).
 * XSUAA's tokens are self-contained and stay valid until `exp` after their binding is deleted, and that stays the
 * default; with this check a resource server of calm-keys (the Cloud ALM API) also refuses them, for when a key
 * has leaked.
 *
 * A token names its client (`cid`), not the credential it was issued with, and every binding of an instance
 * shares the client id. So a token counts as issued to a deleted binding when no credential that could have
 * issued it is left: the client is gone (unknown, or revoked with its instance), or every credential of the
 * client that is not revoked was created after the token's `iat` second (plus ISSUER_CLOCK_TOLERANCE_MS, 5 s).
 * A binding deleted and then created again (same client id, a new credential) does not bring the old tokens back. What this cannot tell apart:
 * while another credential of the same client that already existed when the token was issued still stands
 * (a second binding, the instance secret), the token is accepted; delete that one too, or the instance.
 * Rotating a secret counts only as far as it revokes the old credential; adding one revokes nothing.
 */
import { DomainError, type Clock } from '../shared/index.js';
import type { Executor } from '../store/index.js';
import type { ClientRegistry } from './clients.service.js';
import { findClientIdsOfBinding } from './client-standing.repo.js';
import {
  CLIENT_STANDING_TTL_MS,
  createClientStandingCache,
  loadClientStandings,
  type ClientStanding,
  type ClientStandingLoader,
} from './client-standing.js';
import { XSUAA_ERRORS } from './errors.js';

/**
 * How much later than a token's `iat` second a credential may have been created and still count as its possible
 * issuer: the credential's `created_at` and the token's `iat` may come from the clocks of two hosts. So a binding
 * deleted and created again revokes the tokens issued more than this before the new one.
 */
export const ISSUER_CLOCK_TOLERANCE_MS = 5_000;

/** Why a token was refused, for the debug log line (never the token). */
export type DeletedBindingReason = 'client_deleted' | 'no_credential_left' | 'credential_created_after_token';

export interface DeletedBindingRefusal {
  readonly clientId: string;
  readonly zoneId: string;
  readonly reason: DeletedBindingReason;
}

/** What the check reads of a verified token (xsuaa/verifier.ts's VerifiedToken has it). */
export interface IssuedToken {
  readonly clientId: string;
  readonly zoneId: string;
  readonly payload: { readonly iat?: number | undefined };
}

export interface DeletedBindingTokenCheck {
  /** Throws the 401 `token.invalid` of an invalid token when no credential that could have issued it is left. */
  check(token: IssuedToken): Promise<void>;
  /** After a binding or instance of this client was deleted (and committed): the next check reads the database. */
  forget(clientId: string): void;
  /**
   * The client registry as btp/ should get it: each revocation (a binding's credentials, a whole client) tells
   * this check in the revoking transaction, so the process that deletes refuses the tokens from the next
   * request on, whichever process the deletion's event is delivered to.
   */
  watching<R extends Pick<ClientRegistry, 'revokeBinding' | 'revokeClient'>>(registry: R): R;
}

/** Why a token of this standing was issued to a credential that is gone, or undefined when one may still stand. */
export function refusalReason(
  standing: ClientStanding,
  issuedAtSeconds: number | undefined,
): DeletedBindingReason | undefined {
  if (!standing.exists) return 'client_deleted';
  if (standing.earliestLiveCredentialMs === null) return 'no_credential_left';
  // `iat` is whole seconds, and another host's clock may be a little ahead of the one that issued the token
  if (
    issuedAtSeconds !== undefined &&
    standing.earliestLiveCredentialMs >= (issuedAtSeconds + 1) * 1000 + ISSUER_CLOCK_TOLERANCE_MS
  )
    return 'credential_created_after_token';
  return undefined;
}

export function createDeletedBindingTokenCheck(deps: {
  db: Executor;
  clock: Clock;
  /** Called for each refusal (main.ts logs it at debug level); refusals are not audited, they would flood. */
  onRefused?: (refusal: DeletedBindingRefusal) => void;
  ttlMs?: number;
  load?: ClientStandingLoader;
}): DeletedBindingTokenCheck {
  const cache = createClientStandingCache({
    clock: deps.clock,
    load: deps.load ?? loadClientStandings(deps.db),
    ...(deps.ttlMs === undefined ? {} : { ttlMs: deps.ttlMs }),
  });
  return {
    async check(token) {
      const iat = typeof token.payload.iat === 'number' ? token.payload.iat : undefined;
      const reason = refusalReason(await cache.standing(token.clientId), iat);
      if (reason === undefined) return;
      deps.onRefused?.({ clientId: token.clientId, zoneId: token.zoneId, reason });
      throw new DomainError(
        'unauthenticated',
        XSUAA_ERRORS.token_invalid,
        'The access token was issued to a binding that has been deleted; fetch a new one with a current service key.',
      );
    },
    forget: (clientId) => cache.forget(clientId),
    watching(registry) {
      // inside the transaction: answers read before its commit are not kept (held for one TTL; transactions are short)
      const hold = deps.ttlMs ?? CLIENT_STANDING_TTL_MS;
      return {
        ...registry,
        async revokeBinding(ex: Executor, bindingId: string) {
          const clientIds = await findClientIdsOfBinding(ex, bindingId);
          const revoked = await registry.revokeBinding(ex, bindingId);
          for (const clientId of clientIds) cache.forget(clientId, hold);
          return revoked;
        },
        async revokeClient(ex: Executor, clientId: string) {
          const revoked = await registry.revokeClient(ex, clientId);
          cache.forget(clientId, hold);
          return revoked;
        },
      };
    },
  };
}
