/**
 * The XSUAA-compatible endpoints: `POST`/`GET /oauth/token` (client credentials), `GET /token_keys[?zid=]`,
 * and OpenID metadata. The token endpoint answers RFC 6749 bodies only, never our error envelope.
 */
import type { TLSSocket } from 'node:tls';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { xsuaaViews as views, type PeerCertificate, type SigningKeys, type TokenService } from '../../xsuaa/index.js';
import { KEY_TEST_MARKER_HEADER } from '../../landscape/index.js';
import { registerRoutes } from '../contract/register.js';
import { defineRoute, json, type AnyRoute } from '../contract/route.js';
import { tokenEndpointErrorHandler } from '../oauth-reply.js';

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
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_request, body, done) => {
      done(null, new URLSearchParams(String(body)));
    },
  );
}

const tag = 'oauth';

const tokenErrors = {
  400: ['invalid_request', 'invalid_scope', 'unsupported_grant_type'],
  401: ['invalid_client'],
  413: ['invalid_request'],
  429: ['invalid_client'],
  500: ['server_error'],
  503: ['server_error'],
} as const;

/**
 * Documentation only: readTokenForm reads the query string itself, so that a repeated or conflicting
 * parameter gets its RFC 6749 answer (hence `unknown`, documented as a string).
 */
const queryParameter = (description: string) => z.unknown().optional().meta({ type: 'string', description });
const tokenQuery = z.object({
  grant_type: queryParameter('client_credentials, in the URL or the body (in both only with the same value)'),
  scope: queryParameter('Space-separated; default: every scope of the client'),
  client_id: queryParameter('The client, when it does not authenticate with Basic'),
  client_secret: queryParameter(
    'Accepted as UAA does and never logged; but a URL ends up in proxy logs: send it with Basic or in the body',
  ),
});

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The token endpoint alone: served on the main origin and on the mTLS listener. */
export function tokenEndpointRoutes(deps: Pick<OAuthRouteDeps, 'tokens'>): AnyRoute[] {
  const issue = async (request: FastifyRequest, reply: FastifyReply, body: unknown) => {
    const cfEncoded = request.headers['x-cf-encoded-credentials'];
    const token = await deps.tokens.issue({
      body,
      url: request.url,
      authorization: request.headers.authorization,
      cfEncodedCredentials: Array.isArray(cfEncoded) ? cfEncoded[0] : cfEncoded,
      certificate: peerCertificate(request),
      callerAddress: request.ip,
      keyTestMarker: headerValue(request.headers[KEY_TEST_MARKER_HEADER]),
      log: request.log,
    });
    void reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
    return token;
  };
  const authMethods =
    'The client authenticates with HTTP Basic, client_id/client_secret, X-CF-Encoded-Credentials, or its certificate on the mTLS listener (uaa.certurl). Errors are RFC 6749 section 5.2 bodies; 429 carries Retry-After.';
  return [
    defineRoute({
      method: 'POST',
      path: '/oauth/token',
      summary: 'Token endpoint (client_credentials; client_secret_post, client_secret_basic; RFC 6749 errors)',
      tag,
      auth: 'client',
      description: `${authMethods} Parameters come from the form body and the query string (as UAA by default); the body may be empty or absent.`,
      query: tokenQuery,
      // RFC 6749 reads the form itself (readTokenForm): a body that is not a form is invalid_request, not our 400
      body: { raw: true, content: { 'application/x-www-form-urlencoded': views.tokenFormSchema } },
      bodyOptional: true,
      errorFormat: 'rfc6749',
      // Errors thrown here and errors fastify raises while reading the body both go to the RFC 6749 handler.
      fastify: { errorHandler: tokenEndpointErrorHandler },
      responses: { 200: json('An access token (Cache-Control: no-store)', views.tokenResponseSchema) },
      errors: tokenErrors,
      handler: ({ request, reply, body }) => issue(request, reply, body),
    }),
    defineRoute({
      method: 'GET',
      path: '/oauth/token',
      summary: 'Token endpoint with the parameters in the URL (UAA allows GET by default; SAP samples use it)',
      tag,
      auth: 'client',
      description: `${authMethods} The same as POST with an empty body: parameters from the query string only.`,
      query: tokenQuery,
      errorFormat: 'rfc6749',
      fastify: { errorHandler: tokenEndpointErrorHandler },
      responses: { 200: json('An access token (Cache-Control: no-store)', views.tokenResponseSchema) },
      errors: {
        400: tokenErrors[400],
        401: tokenErrors[401],
        429: tokenErrors[429],
        500: tokenErrors[500],
        503: tokenErrors[503],
      },
      // a GET body means nothing (UAA reads only the query then): undefined, whatever was sent
      handler: ({ request, reply }) => issue(request, reply, undefined),
    }),
  ];
}

export function registerTokenEndpoint(app: FastifyInstance, deps: Pick<OAuthRouteDeps, 'tokens'>): void {
  registerRoutes(app, tokenEndpointRoutes(deps));
}

const zidQuery = z.object({
  zid: z.unknown().optional().describe('An identity zone id: its keys (all zones share them); an unknown zone is 400'),
});

export function registerOAuthRoutes(app: FastifyInstance, deps: OAuthRouteDeps): void {
  registerTokenEndpoint(app, deps);

  const metadata = () => {
    const base = deps.issuerBase();
    const mtlsBase = deps.mtlsBase();
    return {
      issuer: `${base}/oauth/token`,
      token_endpoint: `${base}/oauth/token`,
      jwks_uri: `${base}/token_keys`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: [
        'client_secret_basic',
        'client_secret_post',
        ...(mtlsBase ? ['tls_client_auth'] : []),
      ],
      token_endpoint_auth_signing_alg_values_supported: ['RS256'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['token'],
      subject_types_supported: ['public'],
      ...(mtlsBase ? { mtls_endpoint_aliases: { token_endpoint: `${mtlsBase}/oauth/token` } } : {}),
    };
  };
  const openIdConfiguration = (path: string, summary: string) =>
    defineRoute({
      method: 'GET',
      path,
      summary,
      tag,
      auth: 'none',
      responses: { 200: json('OpenID provider metadata', views.openIdConfigurationSchema) },
      errors: {},
      handler: () => metadata(),
    });

  registerRoutes(app, [
    defineRoute({
      method: 'GET',
      path: '/token_keys',
      summary: 'JWKS of the published signing keys (?zid= of a known zone)',
      tag,
      auth: 'none',
      query: zidQuery,
      errorFormat: 'rfc6749',
      // the input guard's and fastify's refusals (a NUL in the query) in RFC 6749's shape too, as declared
      fastify: { errorHandler: tokenEndpointErrorHandler },
      responses: { 200: json('The published keys (Cache-Control: public, max-age=300)', views.jwksSchema) },
      errors: { 400: ['invalid_request'] },
      handler: async ({ query, reply }) => {
        const zid = query.zid;
        if (zid !== undefined && (typeof zid !== 'string' || !(await deps.zoneExists(zid)))) {
          return reply
            .status(400)
            .send({ error: 'invalid_request', error_description: 'Unknown identity zone (zid).' });
        }
        const keys = await deps.signingKeys.published();
        void reply.header('Cache-Control', 'public, max-age=300');
        return { keys: keys.map((k) => ({ ...k.jwk, value: k.pem })) };
      },
    }),
    openIdConfiguration('/.well-known/openid-configuration', 'OpenID metadata'),
    // openid-client derives discovery from the issuer (`{url}/oauth/token`): serve it there too.
    openIdConfiguration('/oauth/token/.well-known/openid-configuration', 'OpenID metadata (XSUAA path)'),
  ]);
}
