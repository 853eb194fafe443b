/**
 * Verifies access tokens issued here, for the modules that accept them (the Cloud ALM API): signature
 * with a published key chosen by `kid`, expiry, audience, zone, scopes. The published keys are cached
 * briefly and re-read at once when a token names an unknown `kid` (at most once per second).
 */
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { DomainError, type Clock } from '../shared/index.js';
import type { PublishedKey, SigningKeys } from './signing-keys.js';

export interface VerifiedToken {
  readonly clientId: string;
  readonly zoneId: string;
  readonly scopes: readonly string[];
  readonly audience: readonly string[];
  readonly expiresAt: Date;
  readonly jti: string | undefined;
  readonly payload: JWTPayload;
}

export interface VerifyOptions {
  /** At least one `aud` entry must equal this or start with it followed by a dot. */
  readonly audience?: string;
  readonly requiredScopes?: readonly string[];
  readonly zoneId?: string;
}

const CACHE_MS = 30_000;

const invalid = (message: string) => new DomainError('unauthenticated', 'token.invalid', message);

export function createTokenVerifier(deps: { signingKeys: SigningKeys; clock: Clock; issuerBase: () => string }) {
  let cached: { at: number; keys: PublishedKey[] } | undefined;
  let jwksFor: { kids: string; jwks: ReturnType<typeof createLocalJWKSet> } | undefined;

  /** Published keys, cached; a key past its retirement time is dropped at once, cache or not. */
  async function keys(kid: string | undefined) {
    const now = Date.now();
    const stale = !cached || now - cached.at > CACHE_MS;
    const unknownKid = cached && kid !== undefined && !cached.keys.some((k) => k.kid === kid) && now - cached.at > 1000;
    if (stale || unknownKid) cached = { at: now, keys: await deps.signingKeys.published() };
    const at = deps.clock.now().toISOString();
    const usable = cached!.keys.filter((k) => k.retiresAt === null || k.retiresAt > at);
    const kids = usable.map((k) => k.kid).join(',');
    if (jwksFor?.kids !== kids) jwksFor = { kids, jwks: createLocalJWKSet({ keys: usable.map((k) => k.jwk) as never }) };
    return jwksFor.jwks;
  }

  return {
    async verifyAccessToken(token: string, options: VerifyOptions = {}): Promise<VerifiedToken> {
      let payload: JWTPayload;
      try {
        const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: string };
        const jwks = await keys(header.kid);
        ({ payload } = await jwtVerify(token, jwks, {
          algorithms: ['RS256'],
          issuer: `${deps.issuerBase()}/oauth/token`,
          currentDate: deps.clock.now(),
          requiredClaims: ['exp', 'zid', 'cid'],
        }));
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) throw invalid('The access token has expired; fetch a new one.');
        if (error instanceof joseErrors.JWKSNoMatchingKey) throw invalid('The access token was signed with a key that is not (or no longer) published.');
        if (error instanceof joseErrors.JWSSignatureVerificationFailed) throw invalid('The access token signature is not valid.');
        if (error instanceof joseErrors.JOSEError) throw invalid(`The access token is not valid: ${error.message}.`);
        throw invalid('The access token is not a well-formed JWT.');
      }
      const aud = Array.isArray(payload.aud) ? payload.aud : payload.aud ? [payload.aud] : [];
      const scopes = Array.isArray(payload.scope) ? (payload.scope as string[]) : [];
      const zoneId = String(payload.zid);
      if (options.audience && !aud.some((a) => a === options.audience || a.startsWith(`${options.audience}.`))) {
        throw new DomainError('unauthenticated', 'token.wrong_audience', `The access token is not meant for ${options.audience}.`);
      }
      if (options.zoneId && zoneId !== options.zoneId) throw new DomainError('unauthenticated', 'token.wrong_zone', 'The access token was issued for another identity zone.');
      const missing = (options.requiredScopes ?? []).filter((s) => !scopes.includes(s));
      if (missing.length > 0) throw new DomainError('forbidden', 'token.missing_scope', `The access token lacks the scope ${missing.join(', ')}.`);
      return { clientId: String(payload.cid), zoneId, scopes, audience: aud, expiresAt: new Date((payload.exp ?? 0) * 1000), jti: payload.jti, payload };
    },
  };
}

export type TokenVerifier = ReturnType<typeof createTokenVerifier>;
