/**
 * The client-credentials grant: authenticate the client, narrow the scopes, sign an XSUAA-shaped JWT.
 * Token shape: docs/sap-sources.md §7.
 */
import { timingSafeEqual } from 'node:crypto';
import { SignJWT } from 'jose';
import { randomHex, sha256Hex } from '../crypto/index.js';
import type { Clock } from '../shared/index.js';
import type { Db } from '../store/index.js';
import type { ClientAuthentication } from './client-auth.js';
import { createClientAuthThrottle } from './client-auth-throttle.js';
import type { WindowCounter as FailureLimiter } from '../shared/index.js';
import { OAuthError } from './oauth-error.js';
import * as repo from './xsuaa.repo.js';
import type { SigningKeys } from './signing-keys.js';

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
  readonly limiter: FailureLimiter;
  /** Base URL of the token server (`uaa.url`): `iss` is `{issuerBase}/oauth/token`, `jku` `{issuerBase}/token_keys`. */
  readonly issuerBase: () => string;
  readonly tokenValiditySeconds: number;
  /** Notes which credential obtained a token (observed use); optional so that unit tests can leave it out. */
  readonly usage?: { tokenIssued(credentialId: string): Promise<void> };
}

const UNKNOWN_OR_BAD = 'Bad credentials';

/**
 * RFC 6749 has no "slow down" error at the token endpoint (`temporarily_unavailable` belongs to the
 * authorization endpoint), so throttling is 429 with Retry-After and an `invalid_client` body.
 */
const tooManyFailures = (seconds: number) => new OAuthError('invalid_client', `Too many failed client authentications; retry after ${seconds} s.`, 429, seconds);

/** `aud`: the client id plus every scope without its last segment (`uaa.resource` gives `uaa`). */
export function audienceFor(clientId: string, scopes: readonly string[]): string[] {
  const aud = new Set<string>([clientId]);
  for (const scope of scopes) {
    const dot = scope.lastIndexOf('.');
    if (dot > 0) aud.add(scope.slice(0, dot));
  }
  return [...aud];
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

export function createTokenService(deps: TokenServiceDeps) {
  const { db, clock } = deps;
  const throttle = createClientAuthThrottle(deps.limiter);

  /** The client that the attempts prove to be, or undefined. */
  async function authenticate(attempts: readonly ClientAuthentication[]): Promise<{ client: repo.ClientRecord; credentialId: string } | undefined> {
    const now = clock.now().toISOString();
    for (const attempt of attempts) {
      if (attempt.method === 'mtls') {
        const client = await repo.findClient(db, attempt.clientId);
        if (!client || client.revoked_at || !attempt.certificate.authorized) continue;
        if (!(JSON.parse(client.credential_types) as string[]).includes('x509')) continue;
        const credential = await repo.findCertificateCredential(db, client.pk, attempt.certificate.fingerprint256);
        if (credential && !credential.revoked_at && (!credential.expires_at || credential.expires_at > now)) return { client, credentialId: credential.id };
        continue;
      }
      for (const secret of attempt.secretCandidates) {
        const hash = sha256Hex(secret);
        const found = await repo.findClientBySecret(db, attempt.clientId, hash);
        // The credential counts only if the instance allows its type (an instance-secret after a switch to binding-secret does not).
        if (found?.secret_hash && sameHash(found.secret_hash, hash) && (JSON.parse(found.credential_types) as string[]).includes(found.credential_type)) {
          return { client: found, credentialId: found.credential_id };
        }
      }
    }
    return undefined;
  }

  function narrowScopes(granted: readonly string[], requested: string | null): string[] {
    if (requested === null || requested.trim() === '') return [...granted];
    const wanted = [...new Set(requested.trim().split(/\s+/))];
    const missing = wanted.filter((s) => !granted.includes(s));
    if (missing.length > 0) throw new OAuthError('invalid_scope', `The client is not allowed these scopes: ${missing.join(' ')}.`);
    return wanted;
  }

  return {
    async issue(input: { params: URLSearchParams; attempts: readonly ClientAuthentication[]; callerAddress: string }): Promise<TokenResponse> {
      const grantType = input.params.get('grant_type');
      if (grantType === null) throw new OAuthError('invalid_request', 'The grant_type parameter is missing.');
      if (grantType !== 'client_credentials') throw new OAuthError('unsupported_grant_type', `The grant type "${grantType}" is not supported here; use client_credentials.`);

      // An address over its limit is still authenticated: a correct credential must never be refused, or the
      // callers sharing an address (the server's own Landscape Management Test, everyone behind a proxy) could be
      // locked out by anyone sending unknown client ids. Only its failures are answered 429.
      const addressWait = throttle.waitBeforeAuthentication(input.callerAddress);
      // No client id holds U+0000, and PostgreSQL text cannot even be queried with one: such an attempt names no client.
      const attempts = input.attempts.filter((a) => !a.clientId.includes('\u0000'));
      const authenticated = await authenticate(attempts);
      if (!authenticated) {
        // Count against the client the request named, whichever spelling resolved; else against the address.
        const namedClient = await repo.findClientPk(db, [...new Set(attempts.map((a) => a.clientId))]);
        const failedWait = Math.max(addressWait, throttle.recordFailure(input.callerAddress, namedClient));
        throw failedWait > 0 ? tooManyFailures(failedWait) : new OAuthError('invalid_client', UNKNOWN_OR_BAD, 401);
      }
      const { client } = authenticated;

      const scopes = narrowScopes(JSON.parse(client.authorities) as string[], input.params.get('scope'));
      const key = await deps.signingKeys.active();
      const iat = Math.floor(clock.now().getTime() / 1000);
      const jti = randomHex(16);
      const accessToken = await new SignJWT({
        jti,
        ext_attr: { enhancer: 'XSUAA', subaccountid: client.zone_id, zdn: client.subdomain, ...(client.service_instance_id ? { serviceinstanceid: client.service_instance_id } : {}) },
        sub: client.client_id,
        authorities: scopes,
        scope: scopes,
        client_id: client.client_id,
        cid: client.client_id,
        azp: client.client_id,
        grant_type: 'client_credentials',
        rev_sig: randomHex(4),
        iat,
        exp: iat + deps.tokenValiditySeconds,
        iss: `${deps.issuerBase()}/oauth/token`,
        zid: client.zone_id,
        aud: audienceFor(client.client_id, scopes),
      })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT', jku: `${deps.issuerBase()}/token_keys` })
        .sign(key.privateKey);
      await deps.usage?.tokenIssued(authenticated.credentialId);
      // XSUAA answers validity - 1: the token was issued within the current second.
      return { access_token: accessToken, token_type: 'bearer', expires_in: deps.tokenValiditySeconds - 1, scope: scopes.join(' '), jti };
    },
  };
}

export type TokenService = ReturnType<typeof createTokenService>;
