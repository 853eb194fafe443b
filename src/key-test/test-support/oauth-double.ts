/**
 * A local stand-in for an XSUAA token server and a Cloud ALM API, for tests of the key tester: real HTTPS
 * on 127.0.0.1 (certificate for `localhost` from a test CA), `/oauth/token` (client_secret_post), an mTLS
 * token listener for x509 keys, `/token_keys[?zid]`, and `/api/calm-metrics/v1/metrics`. Its tokens follow
 * docs/sap-sources.md §7. `behave` switches it into the failure modes the tests need.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { exportJWK, jwtVerify, SignJWT } from 'jose';
import type { PemPair } from '../../crypto/index.js';
import { sendJson, startHttpsServer, tlsFixtures, type TestServer } from '../../egress/test-support/test-servers.js';

export type TokenBehaviour =
  | 'ok'
  | 'garbage' // 200 with HTML
  | 'no-access-token' // 200 JSON without access_token
  | 'foreign-signature' // signed by a key that is not published, under the published kid
  | 'unknown-kid' // signed by a key that is not published, with a kid nobody knows
  | 'hs256'
  | 'no-kid'
  | 'expired'
  | 'wrong-zone'
  | 'wrong-audience'
  | 'never-answer';

export interface Behaviour {
  token: TokenBehaviour;
  /** `down`: /token_keys answers 404 (to exercise the verificationkey fallback). */
  jwks: 'ok' | 'down';
  /**
   * `verify`: check the bearer token (401 without a valid one) and answer 400 (missing query), as a real tenant
   * would; `verify-forbidden`: the same, then 403 insufficient_scope (a key without the read scope);
   * `verify-metrics`: then 200 with `{points: []}`; `verify-other-json`: then 200 JSON that is no metrics answer;
   * `html`: 200 with a web page, token or not; `open-400`: 400 whether or not a token is sent; a number: that
   * status, token or not.
   */
  api:
    | 'verify'
    | 'verify-forbidden'
    | 'verify-metrics'
    | 'verify-other-json'
    | 'html'
    | 'open-400'
    | 401
    | 403
    | 404
    | 500
    | 302;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly clientCertificateCn?: string;
}

export interface OAuthDouble {
  readonly origin: string;
  readonly port: number;
  readonly mtlsOrigin: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly zoneId: string;
  readonly behave: Behaviour;
  readonly requests: RecordedRequest[];
  /** Every access token handed out, so tests can prove none of them leaks. */
  readonly issuedTokens: string[];
  /** CA certificate (PEM) that the servers' certificates chain to. */
  readonly caPem: string;
  serviceKey(): Record<string, unknown> & { uaa: Record<string, unknown> };
  x509ServiceKey(client: PemPair): Record<string, unknown> & { uaa: Record<string, unknown> };
  close(): Promise<void>;
}

const MASTER = 'sapcloudalm!b4711';
const SCOPES = [`${MASTER}.calm-api.metrics.write`, `${MASTER}.calm-api.logs.write`, 'uaa.resource'];

function rsaKey(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

function formOf(body: string): URLSearchParams {
  return new URLSearchParams(body);
}

export async function startOAuthDouble(options: { clientCa?: PemPair } = {}): Promise<OAuthDouble> {
  const fixtures = await tlsFixtures();
  const clientCa = options.clientCa ?? fixtures.clientCa;
  const signing = rsaKey();
  const foreign = rsaKey();
  const kid = 'default-jwt-key-0123456789';
  const clientId = `sb-acme-calm-monitoring!b287513|${MASTER}`;
  const xsappname = `acme-calm-monitoring!b287513|${MASTER}`;
  const clientSecret = '6f1c2a9e-0d4b-4e57-8a1f-3c9b7d2e5a10$Zk3vQ8uT1nR4yW7pL2sX9cF6hJ0mB5dA8eG3kN1qV4o';
  const zoneId = '3d8f0a52-7c1e-4b69-9e2a-5f4b6c7d8e90';
  const behave: Behaviour = { token: 'ok', jwks: 'ok', api: 'verify' };
  const requests: RecordedRequest[] = [];
  const issuedTokens: string[] = [];
  let origin = '';

  async function issueToken(): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const mode = behave.token;
    const claims = {
      cid: clientId,
      azp: clientId,
      client_id: clientId,
      grant_type: 'client_credentials',
      zid: mode === 'wrong-zone' ? '00000000-0000-4000-8000-000000000000' : zoneId,
      scope: SCOPES,
      authorities: SCOPES,
      ext_attr: { enhancer: 'XSUAA', subaccountid: zoneId, zdn: 'acme-calm' },
    };
    const aud = mode === 'wrong-audience' ? ['someone-else'] : [clientId, `${MASTER}.calm-api`, 'uaa'];
    const jwt = new SignJWT(mode === 'wrong-audience' ? { ...claims, cid: 'someone-else' } : claims)
      .setIssuer(`${origin}/oauth/token`)
      .setSubject(clientId)
      .setAudience(aud)
      .setIssuedAt(now)
      .setJti('9f3c1e2a4b5d6e7f8091a2b3c4d5e6f7')
      .setExpirationTime(mode === 'expired' ? now - 600 : now + 43199);
    if (mode === 'hs256')
      return jwt.setProtectedHeader({ alg: 'HS256', kid, typ: 'JWT' }).sign(new TextEncoder().encode('x'.repeat(32)));
    const header = { alg: 'RS256', typ: 'JWT', jku: `${origin}/token_keys` };
    if (mode === 'no-kid') return jwt.setProtectedHeader(header).sign(signing.privateKey);
    if (mode === 'foreign-signature') return jwt.setProtectedHeader({ ...header, kid }).sign(foreign.privateKey);
    if (mode === 'unknown-kid')
      return jwt.setProtectedHeader({ ...header, kid: 'key-id-nobody-knows' }).sign(foreign.privateKey);
    return jwt.setProtectedHeader({ ...header, kid }).sign(signing.privateKey);
  }

  async function answerToken(res: ServerResponse, form: URLSearchParams, authenticated: boolean): Promise<void> {
    if (behave.token === 'never-answer') return;
    if (form.get('grant_type') !== 'client_credentials') return sendJson(res, 400, { error: 'unsupported_grant_type' });
    if (!authenticated) return sendJson(res, 401, { error: 'invalid_client', error_description: 'Bad credentials' });
    if (behave.token === 'garbage')
      return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Welcome</html>');
    if (behave.token === 'no-access-token') return sendJson(res, 200, { token_type: 'bearer', expires_in: 43199 });
    const token = await issueToken();
    issuedTokens.push(token);
    sendJson(
      res,
      200,
      { access_token: token, token_type: 'bearer', expires_in: 43199, scope: SCOPES.join(' '), jti: 'j' },
      { 'cache-control': 'no-store' },
    );
  }

  async function jwks(res: ServerResponse, url: URL): Promise<void> {
    if (behave.jwks === 'down') return sendJson(res, 404, { error: 'not_found' });
    const zid = url.searchParams.get('zid');
    if (zid !== null && zid !== zoneId)
      return sendJson(res, 400, { error: 'invalid_request', error_description: 'unknown zone' });
    const jwk = await exportJWK(signing.publicKey);
    const value = signing.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    sendJson(res, 200, { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig', value }] });
  }

  async function api(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const mode = behave.api;
    if (mode === 302) return void res.writeHead(302, { location: `${origin}/login` }).end();
    if (mode === 'html')
      return void res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<!doctype html><html><body>Sign in</body></html>');
    if (mode === 'open-400') return sendJson(res, 400, { error: 'bad request' });
    if (typeof mode === 'number') return sendJson(res, mode, { error: 'configured failure' });
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    try {
      await jwtVerify(token ?? '', signing.publicKey, { audience: clientId, issuer: `${origin}/oauth/token` });
    } catch {
      return sendJson(
        res,
        401,
        { error: 'invalid_token' },
        { 'www-authenticate': 'Bearer error="invalid_token", error_description="token not accepted"' },
      );
    }
    if (mode === 'verify-forbidden') {
      return sendJson(
        res,
        403,
        { error: 'insufficient_scope' },
        { 'www-authenticate': `Bearer error="insufficient_scope", scope="${MASTER}.calm-api.metrics.read"` },
      );
    }
    if (mode === 'verify-metrics') return sendJson(res, 200, { serviceId: null, points: [] });
    if (mode === 'verify-other-json') return sendJson(res, 200, { status: 'UP' });
    sendJson(res, 400, { error: 'missing query parameters: version, provider, metrics' });
  }

  function record(req: IncomingMessage, body: string): URL {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const cn = (req.socket as TLSSocket).getPeerCertificate?.()?.subject?.CN;
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      headers: req.headers,
      body,
      ...(typeof cn === 'string' ? { clientCertificateCn: cn } : {}),
    });
    return url;
  }

  const main: TestServer = await startHttpsServer((req, res, body) => {
    const url = record(req, body);
    const route = `${req.method} ${url.pathname}`;
    if (route === 'POST /oauth/token') {
      const form = formOf(body);
      void answerToken(res, form, form.get('client_id') === clientId && form.get('client_secret') === clientSecret);
    } else if (route === 'GET /token_keys') void jwks(res, url);
    else if (route === 'GET /api/calm-metrics/v1/metrics') void api(req, res);
    else sendJson(res, 404, { error: 'not_found' });
  });
  origin = main.origin;

  const mtls: TestServer = await startHttpsServer(
    (req, res, body) => {
      const url = record(req, body);
      if (`${req.method} ${url.pathname}` !== 'POST /oauth/token') return sendJson(res, 404, { error: 'not_found' });
      const form = formOf(body);
      const authorized =
        (req.socket as TLSSocket).authorized && form.get('client_id') === clientId && !form.has('client_secret');
      void answerToken(res, form, authorized);
    },
    { clientCa },
  );

  const uaa = () => ({
    clientid: clientId,
    url: origin,
    identityzone: 'acme-calm',
    identityzoneid: zoneId,
    tenantid: zoneId,
    tenantmode: 'dedicated',
    verificationkey: signing.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    xsappname,
    subaccountid: zoneId,
    uaadomain: `localhost:${main.port}`,
    zoneid: zoneId,
  });

  return {
    origin,
    port: main.port,
    mtlsOrigin: mtls.origin,
    clientId,
    clientSecret,
    zoneId,
    behave,
    requests,
    issuedTokens,
    caPem: fixtures.serverCa.certificatePem,
    serviceKey: () => ({
      endpoints: { Api: `${origin}/api` },
      uaa: { ...uaa(), clientsecret: clientSecret, 'credential-type': 'binding-secret' },
    }),
    x509ServiceKey: (client) => ({
      endpoints: { Api: `${origin}/api` },
      uaa: {
        ...uaa(),
        certificate: client.certificatePem,
        key: client.privateKeyPem,
        certurl: mtls.origin,
        'credential-type': 'x509',
      },
    }),
    close: async () => {
      await Promise.all([main.close(), mtls.close()]);
    },
  };
}
