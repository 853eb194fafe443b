/**
 * The opt-in refusal of tokens already issued to a deleted binding (`CALM_KEYS_REJECT_TOKENS_OF_DELETED_BINDINGS`).
 * XSUAA's tokens are self-contained and stay valid until `exp` after their binding is deleted, and that stays the
 * default; with this check a resource server of calm-keys (the Cloud ALM API) also refuses them, for when a key
 * has leaked.
 *
 * A token names its client (`cid`) and, in `rev_sig`, the credential it was issued with (revocation-signature.ts;
 * every binding of an instance shares the client id). So a token counts as issued to a deleted binding when the
 * client is gone (unknown, or revoked with its instance) or no credential of the client that is not revoked has
 * the token's `rev_sig`. A binding deleted and created again (same client id, a new credential) does not bring
 * the old tokens back, and deleting one binding refuses its tokens while the other bindings' tokens stand.
 * A token without `rev_sig`, or with one calm-keys did not derive (tokens issued before 0.x, whose `rev_sig` was
 * random, are refused once the setting is on: they expire within the token validity anyway), falls back to the
 * creation times: it stands while a credential created up to its `iat` second (plus ISSUER_CLOCK_TOLERANCE_MS,
 * 5 s) stands. Rotating a secret counts only as far as it revokes the old credential; adding one revokes nothing.
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
export type DeletedBindingReason =
  'client_deleted' | 'no_credential_left' | 'credential_deleted' | 'credential_created_after_token';

export interface DeletedBindingRefusal {
  readonly clientId: string;
  readonly zoneId: string;
  readonly reason: DeletedBindingReason;
}

/** What the check reads of a verified token (xsuaa/verifier.ts's VerifiedToken has it). */
export interface IssuedToken {
  readonly clientId: string;
  readonly zoneId: string;
  readonly payload: { readonly iat?: number | undefined; readonly rev_sig?: unknown };
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
  revSig?: string,
): DeletedBindingReason | undefined {
  if (!standing.exists) return 'client_deleted';
  if (standing.earliestLiveCredentialMs === null) return 'no_credential_left';
  if (revSig !== undefined) return standing.liveRevocationSignatures.has(revSig) ? undefined : 'credential_deleted';
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
      const revSig = typeof token.payload.rev_sig === 'string' ? token.payload.rev_sig : undefined;
      const reason = refusalReason(await cache.standing(token.clientId), iat, revSig);
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
