/**
 * The client-credentials grant as a list of named steps, run in order over one context object per request
 * (after node-oidc-provider's actions): each step in `token-steps/` has one reason to change, and a refused
 * request names the step that refused it in a debug log line (`step`, `error`; never a credential).
 * Token shape: docs/sap-sources.md §7.
 */
import type { Clock, FailureCounter } from '../shared/index.js';
import type { Db } from '../store/index.js';
import type { VerifiedSecretCache } from './client-auth-cache.js';
import { createClientAuthThrottle } from './client-auth-throttle.js';
import { createJwtSigner, signingPlacement, type SigningSetting } from './jwt-signer.js';
import { isOAuthError } from './oauth-error.js';
import type { SigningKeys } from './signing-keys.js';
import { authenticateClient } from './token-steps/authenticate-client.js';
import { buildClaims } from './token-steps/build-claims.js';
import { checkGrantType } from './token-steps/check-grant-type.js';
import {
  filled,
  newTokenContext,
  type TokenContext,
  type TokenRequest,
  type ClientCallSink,
  type TokenStep,
  type TokenStepDeps,
} from './token-steps/context.js';
import { parseRequest, readCredentials } from './token-steps/read-request.js';
import { recordUsage } from './token-steps/record-usage.js';
import { resolveScopes } from './token-steps/resolve-scopes.js';
import { sign } from './token-steps/sign.js';

export { audienceFor } from './token-steps/build-claims.js';
export type { ClientCallSink, TokenRequest, TokenStepLog } from './token-steps/context.js';

export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
  jti: string;
}

export interface TokenServiceDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly signingKeys: SigningKeys;
  /** Counts failed client authentications (keys chosen by client-auth-throttle.ts). */
  readonly limiter: FailureCounter;
  /** Base URL of the token server (`uaa.url`): `iss` is `{issuerBase}/oauth/token`, `jku` `{issuerBase}/token_keys`. */
  readonly issuerBase: () => string;
  readonly tokenValiditySeconds: number;
  /** Secrets proven in this process, shared with the client registry that empties it on revocation (client-auth-cache.ts). */
  readonly verifiedSecrets?: VerifiedSecretCache;
  /** Where RSA signing runs (`CALM_KEYS_SIGNING`, jwt-signer.ts); `auto` when left out. */
  readonly signing?: SigningSetting;
  /** Notes which credential obtained a token (observed use); optional so that unit tests can leave it out. */
  readonly usage?: { tokenIssued(credentialId: string): Promise<void> };
  /** Counts the call by client address (landscape's blast radius, through main.ts); optional. */
  readonly calls?: ClientCallSink;
}

/**
 * The order is behaviour: the form and the authentication method are read before the grant type is checked
 * (a malformed request is 400 whatever its grant type); the grant type before any database read; a failed
 * authentication counts against the throttle before scopes are looked at; usage is noted only for a signed token.
 */
export const TOKEN_STEPS: readonly TokenStep[] = [
  parseRequest,
  readCredentials,
  checkGrantType,
  authenticateClient,
  resolveScopes,
  buildClaims,
  sign,
  recordUsage,
];

function respond(ctx: TokenContext, deps: TokenStepDeps): TokenResponse {
  const claims = filled(ctx, 'claims');
  // XSUAA answers validity - 1: the token was issued within the current second.
  return {
    access_token: filled(ctx, 'accessToken'),
    token_type: 'bearer',
    expires_in: deps.tokenValiditySeconds - 1,
    scope: claims.scope.join(' '),
    jti: claims.jti,
  };
}

export function createTokenService(deps: TokenServiceDeps) {
  const stepDeps: TokenStepDeps = {
    db: deps.db,
    clock: deps.clock,
    signingKeys: deps.signingKeys,
    throttle: createClientAuthThrottle(deps.limiter),
    ...(deps.verifiedSecrets ? { verifiedSecrets: deps.verifiedSecrets } : {}),
    signJwt: createJwtSigner(signingPlacement(deps.signing ?? 'auto')),
    issuerBase: deps.issuerBase,
    tokenValiditySeconds: deps.tokenValiditySeconds,
    ...(deps.usage ? { usage: deps.usage } : {}),
    ...(deps.calls ? { calls: deps.calls } : {}),
  };

  return {
    async issue(request: TokenRequest): Promise<TokenResponse> {
      const ctx = newTokenContext(request);
      try {
        for (const step of TOKEN_STEPS) {
          ctx.step = step.name;
          // a synchronous step costs no await (no extra microtask and promise per step)
          const pending = step(ctx, stepDeps);
          if (pending) await pending;
        }
      } catch (error) {
        request.log?.debug(
          { step: ctx.step, error: isOAuthError(error) ? error.error : 'server_error' },
          'token request refused',
        );
        throw error;
      }
      return respond(ctx, stepDeps);
    },
  };
}

export type TokenService = ReturnType<typeof createTokenService>;
