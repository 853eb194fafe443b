/**
 * Verifies access tokens issued here, for the modules that accept them (the Cloud ALM API): signature
 * with a published key chosen by `kid`, expiry, audience, zone, scopes.
 *
 * Keys come from signingKeys.published(), with no cache of its own on top: a rotation or forced retirement
 * made by this process counts for the next token at once, one made by another process within ROWS_TTL_MS
 * (1 s) and one read of the key rows. A token naming a kid this process does not know yet (signed by another
 * process with a key that just activated) makes it re-read the keys at once, at most once per second, so guessed
 * kids cannot turn every request into a database read; that read also brings any retirement made with it. A
 * token that verified is remembered by its exact text while the published key set is unchanged and until its
 * `exp` (see `verified` below), so a collector's pushes do not pay an RSA verification each; a retirement
 * changes the set, so a remembered token of a retired key is refused within the same bound
 * (test/two-processes-postgres.test.ts measures it across two processes).
 */
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { DomainError, type Clock } from '../shared/index.js';
import type { PublishedKey, SigningKeys } from './signing-keys.js';
import { XSUAA_ERRORS } from './errors.js';

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

const UNKNOWN_KID_REFETCH_MS = 1000;
/** Retired kids remembered (a rotation retires one or two). */
const GONE_KIDS_KEPT = 100;
/** Verified tokens kept (about 3 KB each with their claims, ~30 MB when full): more than the collectors of a large landscape push with at once. */
const VERIFIED_CACHE_SIZE = 10_000;

/** A token whose signature and claims verified, with what every call reads of it. */
interface Checked {
  readonly payload: JWTPayload;
  /** The published key set it verified against (its kids, joined). */
  readonly kids: string;
  readonly expiresAtMs: number;
  readonly audience: readonly string[];
  readonly scopes: readonly string[];
  readonly zoneId: string;
  readonly clientId: string;
}

const invalid = (message: string) => new DomainError('unauthenticated', XSUAA_ERRORS.token_invalid, message);

export function createTokenVerifier(deps: { signingKeys: SigningKeys; clock: Clock; issuerBase: () => string }) {
  let lastRefetch = 0;
  let jwksFor:
    { published: readonly PublishedKey[]; kids: string; jwks: ReturnType<typeof createLocalJWKSet> } | undefined;

  // Kids this process saw published and no longer does (retired: they never come back). A token of one is refused
  // without spending the re-read on it, so the token of a new key that follows at once still gets that re-read.
  let seen: { published: readonly PublishedKey[]; kids: Set<string> } | undefined;
  const gone = new Set<string>();
  function noteGone(published: readonly PublishedKey[]) {
    if (seen?.published === published) return;
    const kids = new Set(published.map((k) => k.kid));
    for (const k of seen?.kids ?? []) if (!kids.has(k)) gone.add(k);
    for (const k of kids) gone.delete(k);
    if (gone.size > GONE_KIDS_KEPT) gone.delete(gone.values().next().value!);
    seen = { published, kids };
  }

  /**
   * The published keys (a retired key is dropped at its retirement time) as a JWKS for jose, with their kids
   * joined: the identity of the set a remembered token verified against. Both are rebuilt only when signingKeys
   * hands out another array (it keeps one while no key activates or retires), not on every request.
   */
  async function keys(kid: string | undefined): Promise<{ kids: string; jwks: ReturnType<typeof createLocalJWKSet> }> {
    let published = await deps.signingKeys.published();
    noteGone(published);
    if (
      kid !== undefined &&
      !gone.has(kid) &&
      !published.some((k) => k.kid === kid) &&
      Date.now() - lastRefetch >= UNKNOWN_KID_REFETCH_MS
    ) {
      lastRefetch = Date.now();
      published = await deps.signingKeys.published({ fresh: true });
      noteGone(published);
    }
    if (jwksFor?.published !== published) {
      const kids = published.map((k) => k.kid).join(',');
      jwksFor =
        jwksFor?.kids === kids
          ? { ...jwksFor, published }
          : { published, kids, jwks: createLocalJWKSet({ keys: published.map((k) => k.jwk) as never }) };
    }
    return jwksFor;
  }

  /**
   * Tokens whose signature and claims verified, by their exact text, with the published key set they verified
   * against: a collector pushes with one token for its whole lifetime, and the RSA verification was 13 % of a
   * push (issue 15 profile). An entry counts only while the key set is the same (a rotation or retirement, here or
   * seen from another process, empties it) and until `exp` by the server's clock; audience, zone and scopes are
   * checked on every call.
   */
  const verified = new Map<string, Checked>();

  function remember(token: string, payload: JWTPayload, kids: string): Checked {
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
    const entry: Checked = {
      payload,
      kids,
      expiresAtMs: (payload.exp ?? 0) * 1000,
      audience: Array.isArray(payload.aud) ? payload.aud : payload.aud ? [payload.aud] : [],
      scopes: Array.isArray(payload.scope) ? (payload.scope as string[]) : [],
      zoneId: String(payload.zid),
      clientId: String(payload.cid),
    };
    verified.set(token, entry);
    return entry;
  }

  return {
    async verifyAccessToken(token: string, options: VerifyOptions = {}): Promise<VerifiedToken> {
      let entry: Checked;
      try {
        // a remembered token needs neither its header decoded nor its signature checked: only the key set it
        // verified against must still be the published one (its kid is in it), and `exp` still ahead
        const known = verified.get(token);
        const current = known ? await keys(undefined) : undefined;
        if (known && current!.kids === known.kids && known.expiresAtMs > deps.clock.now().getTime()) {
          entry = known;
        } else {
          if (known) verified.delete(token);
          const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as {
            kid?: string;
          };
          const { jwks, kids } = await keys(header.kid);
          const { payload } = await jwtVerify(token, jwks, {
            algorithms: ['RS256'],
            issuer: `${deps.issuerBase()}/oauth/token`,
            currentDate: deps.clock.now(),
            requiredClaims: ['exp', 'zid', 'cid'],
          });
          entry = remember(token, payload, kids);
        }
      } catch (error) {
        // the published keys could not be read (store.unavailable while the database is away): that is 503 with
        // Retry-After, not a token that is wrong (a collector would drop a good token, or give up)
        if (error instanceof DomainError && error.kind === 'unavailable') throw error;
        if (error instanceof joseErrors.JWTExpired) throw invalid('The access token has expired; fetch a new one.');
        if (error instanceof joseErrors.JWKSNoMatchingKey)
          throw invalid('The access token was signed with a key that is not (or no longer) published.');
        if (error instanceof joseErrors.JWSSignatureVerificationFailed)
          throw invalid('The access token signature is not valid.');
        if (error instanceof joseErrors.JOSEError) throw invalid(`The access token is not valid: ${error.message}.`);
        throw invalid('The access token is not a well-formed JWT.');
      }
      const { audience: aud, scopes, zoneId, payload } = entry;
      if (options.audience && !aud.some((a) => a === options.audience || a.startsWith(`${options.audience}.`))) {
        throw new DomainError(
          'unauthenticated',
          XSUAA_ERRORS.token_wrong_audience,
          `The access token is not meant for ${options.audience}.`,
        );
      }
      if (options.zoneId && zoneId !== options.zoneId)
        throw new DomainError(
          'unauthenticated',
          XSUAA_ERRORS.token_wrong_zone,
          'The access token was issued for another identity zone.',
        );
      const missing = (options.requiredScopes ?? []).filter((s) => !scopes.includes(s));
      if (missing.length > 0)
        throw new DomainError(
          'forbidden',
          XSUAA_ERRORS.token_missing_scope,
          `The access token lacks the scope ${missing.join(', ')}.`,
        );
      return {
        clientId: entry.clientId,
        zoneId,
        scopes,
        audience: aud,
        expiresAt: new Date(entry.expiresAtMs),
        jti: payload.jti,
        payload,
      };
    },
  };
}

export type TokenVerifier = ReturnType<typeof createTokenVerifier>;
