/**
 * The XSUAA-compatible endpoints: `POST /oauth/token` (client credentials), `GET /token_keys[?zid=]`,
 * and OpenID metadata. The token endpoint answers RFC 6749 bodies only, never our error envelope.
 */
import type { TLSSocket } from 'node:tls';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { OAuthError, type PeerCertificate, type SigningKeys, type TokenService } from '../../xsuaa/index.js';
import { sendOAuthError, tokenEndpointErrorHandler } from '../oauth-reply.js';

export interface OAuthRouteDeps {
  readonly tokens: TokenService;
  readonly signingKeys: SigningKeys;
  /** Whether an identity zone with this id exists (`/token_keys?zid=`). */
  readonly zoneExists: (zid: string) => Promise<boolean>;
  /** `uaa.url`: base of the token endpoint and JWKS. */
  readonly issuerBase: () => string;
  /** `uaa.certurl`: base of the mTLS token endpoint. */
  readonly mtlsBase: () => string | undefined;
}

function peerCertificate(request: FastifyRequest): PeerCertificate | undefined {
  const socket = request.raw.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== 'function') return undefined;
  const cert = socket.getPeerCertificate();
  if (!cert || !cert.fingerprint256) return undefined;
  return { authorized: socket.authorized === true, fingerprint256: cert.fingerprint256 };
}

/** Parses `application/x-www-form-urlencoded` bodies (any charset parameter) as URLSearchParams. */
export function installFormParser(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
    done(null, new URLSearchParams(String(body)));
  });
}

/** The token endpoint alone: served on the main origin and on the mTLS listener. */
export function registerTokenEndpoint(app: FastifyInstance, deps: Pick<OAuthRouteDeps, 'tokens'>): void {
  // Errors thrown here and errors fastify raises while reading the body both go to the RFC 6749 handler.
  app.post('/oauth/token', { errorHandler: tokenEndpointErrorHandler }, async (request, reply) => {
    const cfEncoded = request.headers['x-cf-encoded-credentials'];
    const token = await deps.tokens.issue({
      body: request.body,
      url: request.url,
      authorization: request.headers.authorization,
      cfEncodedCredentials: Array.isArray(cfEncoded) ? cfEncoded[0] : cfEncoded,
      certificate: peerCertificate(request),
      callerAddress: request.ip,
      log: request.log,
    });
    void reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
    return token;
  });

  app.get('/oauth/token', async (_request, reply) =>
    sendOAuthError(reply.header('Allow', 'POST'), new OAuthError('invalid_request', 'The token endpoint takes POST requests (RFC 6749 section 3.2).', 405), false),
  );
}

export function registerOAuthRoutes(app: FastifyInstance, deps: OAuthRouteDeps): void {
  registerTokenEndpoint(app, deps);

  app.get('/token_keys', async (request, reply) => {
    const zid = (request.query as Record<string, unknown>).zid;
    if (zid !== undefined && (typeof zid !== 'string' || !(await deps.zoneExists(zid)))) {
      return reply.status(400).send({ error: 'invalid_request', error_description: 'Unknown identity zone (zid).' });
    }
    const keys = await deps.signingKeys.published();
    void reply.header('Cache-Control', 'public, max-age=300');
    return { keys: keys.map((k) => ({ ...k.jwk, value: k.pem })) };
  });

  const metadata = () => {
    const base = deps.issuerBase();
    const mtlsBase = deps.mtlsBase();
    return {
      issuer: `${base}/oauth/token`,
      token_endpoint: `${base}/oauth/token`,
      jwks_uri: `${base}/token_keys`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', ...(mtlsBase ? ['tls_client_auth'] : [])],
      token_endpoint_auth_signing_alg_values_supported: ['RS256'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['token'],
      subject_types_supported: ['public'],
      ...(mtlsBase ? { mtls_endpoint_aliases: { token_endpoint: `${mtlsBase}/oauth/token` } } : {}),
    };
  };
  app.get('/.well-known/openid-configuration', async () => metadata());
  // openid-client derives discovery from the issuer (`{url}/oauth/token`): serve it there too.
  app.get('/oauth/token/.well-known/openid-configuration', async () => metadata());
}
