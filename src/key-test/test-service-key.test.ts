import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createEgressClient, type EgressClient } from '../egress/index.js';
import { closedPort, startHttpServer, tlsFixtures, type TestServer } from '../egress/test-support/test-servers.js';
import { systemClock } from '../shared/index.js';
import { testServiceKey, type KeyTestResult, type KeyTestOptions } from './index.js';
import { startOAuthDouble, type OAuthDouble } from './test-support/oauth-double.js';

let double: OAuthDouble;
let egress: EgressClient;
const results: KeyTestResult[] = [];
const servers: TestServer[] = [];

before(async () => {
  double = await startOAuthDouble();
  egress = createEgressClient({ timeoutMs: 1000, connectTimeoutMs: 500, caCertificates: [double.caPem] });
});
after(async () => {
  await egress.close();
  await double.close();
  await Promise.all(servers.map((s) => s.close()));
});
beforeEach(() => {
  Object.assign(double.behave, { token: 'ok', jwks: 'ok', api: 'verify' });
  double.requests.length = 0;
});

async function run(key: unknown, options: Partial<KeyTestOptions> = {}): Promise<KeyTestResult> {
  const result = await testServiceKey(key, { egress, clock: systemClock, ...options });
  results.push(result);
  return result;
}

const statuses = (r: KeyTestResult) => r.steps.map((s) => `${s.id}:${s.status}`).join(' ');
const detailOf = (r: KeyTestResult, id: string) => r.steps.find((s) => s.id === id)?.detail ?? '';

function withUaa(key: ReturnType<OAuthDouble['serviceKey']>, changes: Record<string, unknown>) {
  return { ...key, uaa: { ...key.uaa, ...changes } };
}

test('a good secret key passes every step, and the token request looks like @sap/xssec', async () => {
  const result = await run(double.serviceKey(), { apiProbe: true });
  assert.equal(statuses(result), 'token:passed jwt-signature:passed jwt-claims:passed api:passed', result.summary);
  assert.equal(result.ok, true);
  assert.equal(result.failedStep, undefined);
  assert.match(
    detailOf(result, 'token'),
    /obtained a bearer token from localhost:\d+ \(expires in 43199 s, 3 scopes\)/,
  );
  assert.match(
    detailOf(result, 'jwt-signature'),
    /RS256 signature with key "default-jwt-key-0123456789" from https:\/\/localhost:\d+\/token_keys\?zid=3d8f0a52/,
  );
  assert.match(
    detailOf(result, 'jwt-claims'),
    /zone 3d8f0a52-7c1e-4b69-9e2a-5f4b6c7d8e90 matches; 3 scopes: sapcloudalm!b4711\.calm-api\.metrics\.write/,
  );
  assert.match(
    detailOf(result, 'api'),
    /accepted the token \(HTTP 400 for GET \/api\/calm-metrics\/v1\/metrics; 401 without the token\)/,
  );
  assert.match(result.summary, /^the key works/);
  for (const step of result.steps) assert.ok(step.durationMs >= 0);

  const tokenRequest = double.requests.find((r) => r.path === '/oauth/token');
  const form = new URLSearchParams(tokenRequest?.body);
  assert.deepEqual([...form.keys()], ['grant_type', 'client_id', 'client_secret']);
  assert.equal(tokenRequest?.headers.accept, 'application/json');
  assert.equal(tokenRequest?.headers.authorization, undefined, 'never Basic');
  assert.equal(tokenRequest?.headers['user-agent'], 'calm-keys/0.1');
});

test('without apiProbe the api step is skipped and the key still passes', async () => {
  const result = await run(double.serviceKey());
  assert.equal(statuses(result), 'token:passed jwt-signature:passed jwt-claims:passed api:skipped');
  assert.equal(result.ok, true);
  assert.equal(detailOf(result, 'api'), 'skipped: not requested');
});

test('a wrong secret is reported as the server refusing the client credentials', async () => {
  const result = await run(withUaa(double.serviceKey(), { clientsecret: 'binding$wrong-secret' }));
  assert.equal(statuses(result), 'token:failed jwt-signature:skipped jwt-claims:skipped api:skipped');
  assert.equal(result.failedStep, 'token');
  assert.equal(
    result.reason,
    'the token server refused the client credentials (401 invalid_client: Bad credentials): the key may have been deleted in BTP or the secret is wrong',
  );
  assert.equal(detailOf(result, 'jwt-signature'), 'skipped because step token failed');
});

test('an unreachable token server is named: connection refused, DNS', async () => {
  const port = await closedPort();
  const refused = await run(withUaa(double.serviceKey(), { url: `https://127.0.0.1:${port}` }));
  assert.equal(refused.failedStep, 'token');
  assert.match(refused.reason ?? '', new RegExp(`connection to 127\\.0\\.0\\.1:${port} refused`));
  const dns = await run(withUaa(double.serviceKey(), { url: 'https://acme.authentication.calm-keys-test.invalid' }));
  assert.match(dns.reason ?? '', /acme\.authentication\.calm-keys-test\.invalid does not resolve/);
});

test('a token server that never answers fails within the configured time, naming it', async () => {
  double.behave.token = 'never-answer';
  const quick = createEgressClient({ timeoutMs: 300, caCertificates: [double.caPem] });
  try {
    const started = Date.now();
    const result = await run(double.serviceKey(), { egress: quick });
    assert.ok(Date.now() - started < 1000);
    assert.match(
      result.reason ?? '',
      new RegExp(`no token: no complete answer from localhost:${double.port} within 300 ms`),
    );
  } finally {
    await quick.close();
  }
});

test('an untrusted server certificate is a TLS failure', async () => {
  const untrusting = createEgressClient({ timeoutMs: 1000 });
  try {
    const result = await run(double.serviceKey(), { egress: untrusting });
    assert.match(result.reason ?? '', /TLS with localhost:\d+ failed: the server certificate is not trusted/);
  } finally {
    await untrusting.close();
  }
});

test('a 200 that is not a token response fails the token step', async () => {
  double.behave.token = 'garbage';
  const garbage = await run(double.serviceKey());
  assert.match(garbage.reason ?? '', /answered, but not with an OAuth token response/);
  double.behave.token = 'no-access-token';
  const empty = await run(double.serviceKey());
  assert.match(empty.reason ?? '', /answered, but not with an OAuth token response/);
});

test('other statuses are "unexpected HTTP <status> from <host>"', async () => {
  const server = await startHttpServer((_req, res) => res.writeHead(503).end('maintenance'));
  servers.push(server);
  const result = await run(withUaa(double.serviceKey(), { url: server.origin }));
  assert.equal(result.reason, `unexpected HTTP 503 from 127.0.0.1:${server.port}`);
});

test('a token signed by an unpublished key fails jwt-signature: same kid, and unknown kid', async () => {
  double.behave.token = 'foreign-signature';
  const forged = await run(double.serviceKey());
  assert.equal(statuses(forged), 'token:passed jwt-signature:failed jwt-claims:skipped api:skipped');
  assert.match(forged.reason ?? '', /signature does not verify with key "default-jwt-key-0123456789"/);
  double.behave.token = 'unknown-kid';
  const unknown = await run(double.serviceKey());
  assert.match(
    unknown.reason ?? '',
    /no signing key with kid "key-id-nobody-knows".*publishes "default-jwt-key-0123456789"/,
  );
});

test('HS256 and a missing kid are refused like @sap/xssec refuses them', async () => {
  double.behave.token = 'hs256';
  assert.match((await run(double.serviceKey())).reason ?? '', /signed with HS256/);
  double.behave.token = 'no-kid';
  assert.match((await run(double.serviceKey())).reason ?? '', /no kid/);
});

test('when uaadomain gives no JWKS, {url}/token_keys is used and the detail says so', async () => {
  const port = await closedPort();
  const result = await run(withUaa(double.serviceKey(), { uaadomain: `localhost:${port}` }));
  assert.equal(result.ok, true, result.summary);
  const detail = detailOf(result, 'jwt-signature');
  assert.match(
    detail,
    new RegExp(`from ${double.origin}/token_keys, after https://localhost:${port}/token_keys\\?zid=`),
  );
  assert.match(detail, /@sap\/xssec fetches only from uaadomain/);
});

test('when no JWKS can be fetched the verificationkey is used, and without one the step fails', async () => {
  double.behave.jwks = 'down';
  const fallback = await run(double.serviceKey());
  assert.equal(fallback.ok, true, fallback.summary);
  assert.match(
    detailOf(fallback, 'jwt-signature'),
    /uaa\.verificationkey from the key file, because no JWKS could be fetched \(.*HTTP 404/,
  );
  const none = await run(withUaa(double.serviceKey(), { verificationkey: undefined }));
  assert.match(none.reason ?? '', /signing keys could not be fetched.*no uaa\.verificationkey/);
});

test('claims: a token for another zone, another audience, or already expired fails jwt-claims', async () => {
  double.behave.token = 'wrong-zone';
  const zone = await run(double.serviceKey());
  assert.equal(zone.failedStep, 'jwt-claims');
  assert.match(
    zone.reason ?? '',
    /issued for zone 00000000-0000-4000-8000-000000000000, the key says 3d8f0a52-.* \(uaa\.identityzoneid\)/,
  );
  double.behave.token = 'wrong-audience';
  assert.match(
    (await run(double.serviceKey())).reason ?? '',
    /audience \(someone-else, someone-else\) does not name the client id/,
  );
  double.behave.token = 'expired';
  assert.match((await run(double.serviceKey())).reason ?? '', /expired 60[01] s ago/);
});

test('expectedZoneId is checked against the token too', async () => {
  const result = await run(double.serviceKey(), { expectedZoneId: 'tenant-zone-of-this-lm' });
  assert.match(
    result.reason ?? '',
    /issued for zone 3d8f0a52-7c1e-4b69-9e2a-5f4b6c7d8e90, expected tenant-zone-of-this-lm/,
  );
});

test('api: 401, 5xx, redirects, a 404, a web page and answers that do not depend on the token fail the api step with a reason', async () => {
  const cases: [typeof double.behave.api, RegExp][] = [
    [401, /refused the token \(401 for GET \/api\/calm-metrics\/v1\/metrics\)/],
    [500, /HTTP 500: a server-side problem/],
    [302, /redirected GET .* \(302\)/],
    [
      404,
      /has no GET \/api\/calm-metrics\/v1\/metrics \(404\): this is not the Cloud ALM API's read path; is endpoints\.Api the Cloud ALM API URL/,
    ],
    ['html', /answered GET \/api\/calm-metrics\/v1\/metrics with an HTML page \(HTTP 200\), not the Cloud ALM API/],
    [
      'open-400',
      /answers GET \/api\/calm-metrics\/v1\/metrics without a token too \(HTTP 400; with the token HTTP 400\)/,
    ],
    [403, /answers GET .* without a token too \(HTTP 403; with the token HTTP 403\)/],
    ['verify-other-json', /with JSON that is not a metrics answer \(neither resourceMetrics nor points\) \(HTTP 200\)/],
  ];
  for (const [mode, expected] of cases) {
    double.behave.api = mode;
    const result = await run(double.serviceKey(), { apiProbe: true });
    assert.equal(result.failedStep, 'api', String(mode));
    assert.match(result.reason ?? '', expected);
  }
});

test('api: a 400 or a metrics answer counts only when the same call without the token is refused with 401', async () => {
  for (const mode of ['verify', 'verify-metrics'] as const) {
    double.behave.api = mode;
    double.requests.length = 0;
    const result = await run(double.serviceKey(), { apiProbe: true });
    assert.equal(result.ok, true, `${mode}: ${result.summary}`);
    assert.match(
      detailOf(result, 'api'),
      /accepted the token \(HTTP (400|200) for GET \/api\/calm-metrics\/v1\/metrics; 401 without the token\)/,
    );
    const probes = double.requests.filter((r) => r.path === '/api/calm-metrics/v1/metrics');
    assert.deepEqual(
      probes.map((r) => r.headers.authorization === undefined),
      [false, true],
      'with the token, then the control without it',
    );
    assert.equal(result.warnings, undefined);
  }
});

test('api: a key whose read is forbidden (write scopes only) passes with a warning saying what was not proven', async () => {
  double.behave.api = 'verify-forbidden';
  const result = await run(double.serviceKey(), { apiProbe: true });
  assert.equal(result.ok, true, result.summary);
  const api = result.steps.find((s) => s.id === 'api');
  assert.equal(api?.status, 'passed');
  assert.match(
    api?.detail ?? '',
    /^token accepted but read not permitted: could not prove that the key can use the API beyond signing in \(GET \/api\/calm-metrics\/v1\/metrics is 403: insufficient_scope: needs sapcloudalm!b4711\.calm-api\.metrics\.read\)/,
  );
  assert.match(api?.detail ?? '', /answers 401 without one/);
  assert.match(api?.warning ?? '', /^token accepted but read not permitted: could not prove/);
  assert.deepEqual(result.warnings, [api?.warning]);
  assert.match(result.summary, /^the key works: .*; warning: token accepted but read not permitted/);
});

test('an x509 key gets its token over mTLS with its own certificate and no secret', async () => {
  const f = await tlsFixtures();
  const result = await run(double.x509ServiceKey(f.clientA), { apiProbe: true });
  assert.equal(result.ok, true, result.summary);
  assert.match(detailOf(result, 'token'), /over mTLS from localhost:\d+/);
  const tokenRequest = double.requests.find((r) => r.path === '/oauth/token');
  assert.equal(tokenRequest?.clientCertificateCn, 'client-a');
  assert.deepEqual([...new URLSearchParams(tokenRequest?.body).keys()], ['grant_type', 'client_id']);
});

test('an x509 key whose certificate comes from another CA fails the token step as TLS', async () => {
  const f = await tlsFixtures();
  const result = await run(double.x509ServiceKey(f.strangerClient));
  assert.equal(result.failedStep, 'token');
  assert.match(result.reason ?? '', /no token: TLS with localhost:\d+ failed: .*client certificate/);
});

test('a key that cannot request a token is reported, not thrown', async () => {
  const result = await run({ uaa: { url: 'https://x.example' } });
  assert.equal(result.failedStep, 'token');
  assert.match(
    result.reason ?? '',
    /uaa\.clientid is missing; the key holds neither uaa\.clientsecret nor uaa\.certificate/,
  );
  assert.match((await run('not an object')).reason ?? '', /JSON object/);
});

test('no result of any test above contains a secret, a private key or an access token', async () => {
  const f = await tlsFixtures();
  assert.ok(results.length >= 20, `only ${results.length} results collected`);
  assert.ok(double.issuedTokens.length > 5);
  const forbidden = [
    double.clientSecret,
    encodeURIComponent(double.clientSecret),
    f.clientA.privateKeyPem,
    f.strangerClient.privateKeyPem,
    ...double.issuedTokens,
  ];
  const text = JSON.stringify(results);
  for (const secret of forbidden) assert.ok(!text.includes(secret), `leaked: ${secret.slice(0, 20)}…`);
  // the signature part of every token is unique to it; make sure no fragment slipped through either
  for (const token of double.issuedTokens)
    assert.ok(!text.includes(token.split('.')[2] ?? '-'), 'leaked a token signature');
});

test('an echoing server cannot make the secret appear in the result', async () => {
  const echo = await startHttpServer((_req, res, body) =>
    res
      .writeHead(401, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: 'invalid_client', error_description: `you sent ${body}` })),
  );
  servers.push(echo);
  const result = await run(withUaa(double.serviceKey(), { url: echo.origin }));
  assert.match(result.reason ?? '', /401 invalid_client: you sent/);
  const text = JSON.stringify(result);
  // not even a fragment: a quote cut to length must not leave a prefix of the secret behind
  for (const spelling of [double.clientSecret, encodeURIComponent(double.clientSecret)]) {
    for (let i = 0; i + 12 <= spelling.length; i++)
      assert.ok(!text.includes(spelling.slice(i, i + 12)), 'leaked part of the secret');
  }
  assert.match(result.reason ?? '', /\[redacted\]/);
});
