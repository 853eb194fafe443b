/**
 * What the steps of one token request share: the request as HTTP delivered it, the service's dependencies,
 * and one context object per request that each step fills in for the steps after it (the only allocation
 * the step list adds to a request). The order of the steps is in `../token.service.ts`.
 */
import type { Clock } from '../../shared/index.js';
import type { Db } from '../../store/index.js';
import type { ClientAuthentication, PeerCertificate } from '../client-auth.js';
import type { VerifiedSecretCache } from '../client-auth-cache.js';
import type { ClientAuthThrottle } from '../client-auth-throttle.js';
import type { JwtSigner } from '../jwt-signer.js';
import type { SigningKeys } from '../signing-keys.js';
import type { ClientRecord } from '../xsuaa.repo.js';

/** Where a refused request is noted (at debug level, the step name and the RFC 6749 code only, never a secret). */
export interface TokenStepLog {
  debug(fields: { step: string; error: string }, message: string): void;
}

/** A token request as the HTTP layer hands it over, before anything in it is believed. */
export interface TokenRequest {
  /** The parsed body: URLSearchParams for a form, undefined for none, anything else for other media types (refused). */
  readonly body: unknown;
  /** The request target with its query string (its parameters count as the body's do, token-request.ts). */
  readonly url: string;
  readonly authorization: string | undefined;
  readonly cfEncodedCredentials: string | undefined;
  /** The TLS client certificate, on the mTLS listener. */
  readonly certificate: PeerCertificate | undefined;
  readonly callerAddress: string;
  /** The `x-calm-keys-key-test` header: calm-keys' own Test of a key marks its calls so (landscape/client-calls.ts). */
  readonly keyTestMarker?: string;
  readonly log?: TokenStepLog;
}

export interface TokenStepDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly signingKeys: SigningKeys;
  readonly throttle: ClientAuthThrottle;
  /** Secrets proven in this process (client-auth-cache.ts); without it every request asks the database. */
  readonly verifiedSecrets?: VerifiedSecretCache;
  /** RS256 over header and claims (jwt-signer.ts: on the main thread or libuv's threadpool). */
  readonly signJwt: JwtSigner;
  /** Base URL of the token server (`uaa.url`): `iss` is `{issuerBase}/oauth/token`, `jku` `{issuerBase}/token_keys`. */
  readonly issuerBase: () => string;
  readonly tokenValiditySeconds: number;
  readonly usage?: { tokenIssued(credentialId: string): Promise<void> };
  readonly calls?: ClientCallSink;
}

/**
 * Counts a call per zone, client id and client address (the blast radius of a key, filled in main.ts from
 * landscape/): synchronous and in memory, it never writes to the database on the request path.
 */
export interface ClientCallSink {
  called(via: 'token', zoneId: string, clientId: string, address: string, testMarker?: string): void;
}

/** The claims of an XSUAA client-credentials token (docs/sap-sources.md §7). */
export type AccessTokenClaims = {
  readonly jti: string;
  readonly ext_attr: { enhancer: 'XSUAA'; subaccountid: string; zdn: string; serviceinstanceid?: string };
  readonly sub: string;
  readonly authorities: readonly string[];
  readonly scope: readonly string[];
  readonly client_id: string;
  readonly cid: string;
  readonly azp: string;
  readonly grant_type: 'client_credentials';
  readonly rev_sig: string;
  readonly iat: number;
  readonly exp: number;
  readonly iss: string;
  readonly zid: string;
  readonly aud: string[];
};

/** One request's state. Each field names the step that sets it; `filled` reads it in a later step. */
export interface TokenContext {
  readonly request: TokenRequest;
  /** The step running; after a failure, the step that failed. */
  step: string;
  /** parseRequest */
  params: URLSearchParams | undefined;
  /** readCredentials: every way the request may authenticate its client (Basic id spellings, post, mTLS). */
  attempts: readonly ClientAuthentication[] | undefined;
  /** authenticateClient */
  client: ClientRecord | undefined;
  credentialId: string | undefined;
  /** resolveScopes */
  scopes: string[] | undefined;
  /** buildClaims */
  claims: AccessTokenClaims | undefined;
  /** sign */
  accessToken: string | undefined;
}

/** A step reads the context and the dependencies and either fills in its fields or throws an OAuthError. */
export type TokenStep = (ctx: TokenContext, deps: TokenStepDeps) => void | Promise<void>;

export function newTokenContext(request: TokenRequest): TokenContext {
  // every field present from the start: one object shape for all requests
  return {
    request,
    step: '',
    params: undefined,
    attempts: undefined,
    client: undefined,
    credentialId: undefined,
    scopes: undefined,
    claims: undefined,
    accessToken: undefined,
  };
}

type Filled = Omit<TokenContext, 'request' | 'step'>;

/** A field an earlier step set; a step list in the wrong order fails here (500), not with a wrong token. */
export function filled<K extends keyof Filled>(ctx: TokenContext, key: K): NonNullable<Filled[K]> {
  const value = ctx[key];
  if (value === undefined)
    throw new Error(`Token step ${ctx.step} ran before ${key} was set: the step list is out of order.`);
  return value as NonNullable<Filled[K]>;
}
