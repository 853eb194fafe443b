/**
 * The token endpoint over HTTPS, request by request, against RFC 6749 and XSUAA's behaviour
 * (docs/sap-sources.md §7): client authentication methods, every error, scope narrowing,
 * revocation, rate limiting, JWKS and metadata. On SQLite and on PostgreSQL.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { Agent, request } from 'undici';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { startTestServer, type TestServer } from './support/server.js';
import { MASTER, mintSecretKey, mintX509Key, type MintedKey } from './support/keys.js';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';

const run = promisify(execFile);
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = 'application/x-www-form-urlencoded';
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const enc = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

for (const kind of await testDatabaseKinds()) {
  describe(kind.name, () => suite(kind.name));
}

function suite(database: 'sqlite' | 'postgres') {
  let t: TestServer;
  let key: MintedKey;
  let ca: string;

  before(async () => {
    t = await startTestServer({ database });
    key = await mintSecretKey(t.server);
    ca = readFileSync(t.server.caFile!, 'utf8');
  });
  after(() => t.close());

  /** A token request; `from` picks the source address on the loopback (127.0.0.2, ...) to act as another caller. */
  async function tokenCall(
    body: string,
    headers: Record<string, string> = {},
    base?: string,
    dispatcher?: Agent,
    from?: string,
  ) {
    const res = await request(`${base ?? t.server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': FORM, accept: 'application/json', ...headers },
      body,
      dispatcher: dispatcher ?? new Agent({ connect: { ca }, ...(from ? { localAddress: from } : {}) }),
    });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, body: JSON.parse(text) as Record<string, any> };
  }

  test('client_secret_post: 200 with the XSUAA response shape and Cache-Control: no-store', async () => {
    const { uaa } = key.key;
    const res = await tokenCall(
      form({ grant_type: 'client_credentials', client_id: uaa.clientid!, client_secret: uaa.clientsecret! }),
      { 'content-type': `${FORM};charset=UTF-8` },
    );
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.deepEqual(Object.keys(res.body).sort(), ['access_token', 'expires_in', 'jti', 'scope', 'token_type']);
    assert.equal(res.body.token_type, 'bearer');
    assert.equal(res.body.expires_in, 43199);
    assert.equal(res.body.scope, `${MASTER}.calm-api.metrics.write ${MASTER}.calm-api.metrics.read uaa.resource`);
    const header = decodeProtectedHeader(res.body.access_token);
    assert.equal(header.alg, 'RS256');
    assert.match(String(header.kid), /^default-jwt-key-[0-9a-f]{10}$/);
    assert.equal(header.jku, `${t.server.publicUrl}/token_keys`);
    const claims = decodeJwt(res.body.access_token) as Record<string, any>;
    for (const claim of ['sub', 'cid', 'azp', 'client_id']) assert.equal(claims[claim], uaa.clientid);
    assert.equal(claims.zid, key.zoneId);
    assert.equal(claims.grant_type, 'client_credentials');
    assert.equal(claims.iss, `${t.server.publicUrl}/oauth/token`);
    assert.equal(claims.exp - claims.iat, 43200);
    assert.deepEqual(claims.aud, [uaa.clientid, `${MASTER}.calm-api.metrics`, 'uaa']);
    assert.ok(Array.isArray(claims.scope));
    assert.deepEqual(claims.ext_attr, {
      enhancer: 'XSUAA',
      subaccountid: key.zoneId,
      zdn: uaa.identityzone,
      serviceinstanceid: uaa.serviceInstanceId,
    });
    assert.equal(claims.jti, res.body.jti);
  });

  test('client_secret_basic: raw credentials, form-encoded credentials, and X-CF-ENCODED-CREDENTIALS', async () => {
    const { clientid, clientsecret } = key.key.uaa as { clientid: string; clientsecret: string };
    const body = form({ grant_type: 'client_credentials' });
    assert.equal(
      (await tokenCall(body, { authorization: basic(clientid, clientsecret) })).status,
      200,
      'raw (SAP Java sample)',
    );
    assert.equal(
      (await tokenCall(body, { authorization: basic(enc(clientid), enc(clientsecret)) })).status,
      200,
      'RFC 6749 form-encoded (openid-client)',
    );
    assert.equal(
      (
        await tokenCall(body, {
          authorization: basic(enc(clientid), enc(clientsecret)),
          'x-cf-encoded-credentials': 'true',
        })
      ).status,
      200,
    );
  });

  test('Basic and a body secret at once: 400 invalid_request', async () => {
    const { clientid, clientsecret } = key.key.uaa as { clientid: string; clientsecret: string };
    const res = await tokenCall(
      form({ grant_type: 'client_credentials', client_id: clientid, client_secret: clientsecret }),
      { authorization: basic(clientid, clientsecret) },
    );
    assert.deepEqual([res.status, res.body.error], [400, 'invalid_request']);
  });

  test('wrong secret and unknown client: 401 invalid_client; with Basic also WWW-Authenticate', async () => {
    const { clientid } = key.key.uaa as { clientid: string };
    const post = await tokenCall(
      form({ grant_type: 'client_credentials', client_id: clientid, client_secret: 'wrong' }),
    );
    assert.deepEqual([post.status, post.body.error], [401, 'invalid_client']);
    assert.equal(post.headers['www-authenticate'], undefined);
    const viaBasic = await tokenCall(form({ grant_type: 'client_credentials' }), {
      authorization: basic('sb-nobody!b1|x!b2', 'x'),
    });
    assert.deepEqual([viaBasic.status, viaBasic.body.error], [401, 'invalid_client']);
    assert.match(String(viaBasic.headers['www-authenticate']), /^Basic /);
    const none = await tokenCall(form({ grant_type: 'client_credentials' }));
    assert.deepEqual([none.status, none.body.error], [401, 'invalid_client']);
  });

  test('grant types: missing is invalid_request, others unsupported_grant_type', async () => {
    const { clientid, clientsecret } = key.key.uaa as { clientid: string; clientsecret: string };
    const missing = await tokenCall(form({ client_id: clientid, client_secret: clientsecret }));
    assert.deepEqual([missing.status, missing.body.error], [400, 'invalid_request']);
    const password = await tokenCall(
      form({ grant_type: 'password', client_id: clientid, client_secret: clientsecret }),
    );
    assert.deepEqual([password.status, password.body.error], [400, 'unsupported_grant_type']);
  });

  test('scope narrowing: a subset is granted; a scope the client lacks is invalid_scope', async () => {
    const { clientid, clientsecret } = key.key.uaa as { clientid: string; clientsecret: string };
    const narrowed = await tokenCall(
      form({
        grant_type: 'client_credentials',
        client_id: clientid,
        client_secret: clientsecret,
        scope: `${MASTER}.calm-api.metrics.read`,
      }),
    );
    assert.equal(narrowed.body.scope, `${MASTER}.calm-api.metrics.read`);
    assert.deepEqual((decodeJwt(narrowed.body.access_token) as { scope: string[] }).scope, [
      `${MASTER}.calm-api.metrics.read`,
    ]);
    const refused = await tokenCall(
      form({
        grant_type: 'client_credentials',
        client_id: clientid,
        client_secret: clientsecret,
        scope: `${MASTER}.calm-api.analytics.read`,
      }),
    );
    assert.deepEqual([refused.status, refused.body.error], [400, 'invalid_scope']);
  });

  test('a body that is not a form is invalid_request, also when the URL holds every parameter', async () => {
    const { clientid, clientsecret } = key.key.uaa as { clientid: string; clientsecret: string };
    for (const url of ['/oauth/token', '/oauth/token?grant_type=client_credentials']) {
      const json = await request(`${t.server.url}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: basic(clientid, clientsecret) },
        body: '{"grant_type":"client_credentials"}',
        dispatcher: new Agent({ connect: { ca } }),
      });
      const body = (await json.body.json()) as Record<string, string>;
      assert.deepEqual([json.statusCode, body.error], [400, 'invalid_request'], url);
      assert.match(body.error_description!, /must be a form/, url);
    }
  });

  /** A token request with the parameters in the URL; `body` undefined sends none and no Content-Type. */
  async function queryCall(method: 'GET' | 'POST', query: string, headers: Record<string, string>, body?: string) {
    const res = await request(`${t.server.url}/oauth/token?${query}`, {
      method,
      headers: { accept: 'application/json', ...headers },
      ...(body === undefined ? {} : { body }),
      dispatcher: new Agent({ connect: { ca } }),
    });
    return { status: res.statusCode, headers: res.headers, body: (await res.body.json()) as Record<string, any> };
  }

  /** Whether @sap/xssec 4 validates the token for this key (a child process trusting our CA, as apps do). */
  async function xssecAccepts(jwt: string): Promise<{ zoneId: string; clientId: string }> {
    const script = `import xssec from '@sap/xssec';
      const uaa = JSON.parse(process.env.UAA);
      const context = await xssec.createSecurityContext(new xssec.XsuaaService(uaa), { jwt: process.env.JWT });
      process.stdout.write(JSON.stringify({ zoneId: context.getZoneId(), clientId: context.getClientId() }));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_EXTRA_CA_CERTS: t.server.caFile!,
        UAA: JSON.stringify(key.key.uaa),
        JWT: jwt,
      },
      timeout: 30_000,
    });
    return JSON.parse(stdout) as { zoneId: string; clientId: string };
  }

  test('POST ?grant_type=client_credentials with Basic and an empty body (as S/4HANA Cloud is set up): 200, a token @sap/xssec accepts', async () => {
    const { clientid, clientsecret } = key.key.uaa as { clientid: string; clientsecret: string };
    const auth = { authorization: basic(clientid, clientsecret) };
    const bare = await queryCall('POST', 'grant_type=client_credentials', auth);
    assert.equal(bare.status, 200, JSON.stringify(bare.body));
    assert.equal(bare.headers['cache-control'], 'no-store');
    assert.equal(bare.body.token_type, 'bearer');
    assert.deepEqual(await xssecAccepts(bare.body.access_token), { zoneId: key.zoneId, clientId: clientid });
    const emptyForm = await queryCall('POST', 'grant_type=client_credentials', { ...auth, 'content-type': FORM }, '');
    assert.equal(emptyForm.status, 200, JSON.stringify(emptyForm.body));
    // the query narrows the scopes as the body would
    const scoped = await queryCall('POST', 'grant_type=client_credentials&scope=uaa.resource', auth);
    assert.deepEqual([scoped.status, scoped.body.scope], [200, 'uaa.resource']);
    const missing = await queryCall('POST', 'scope=uaa.resource', auth);
    assert.deepEqual(missing.body, {
      error: 'invalid_request',
      error_description: 'The grant_type parameter is missing.',
    });
  });

  test('a parameter in the URL and the body: the same value is one parameter; different values are 400 invalid_request naming it, never its value', async () => {
    const { clientid, clientsecret } = key.key.uaa as { clientid: string; clientsecret: string };
    const post = { client_id: clientid, client_secret: clientsecret };
    const same = await queryCall(
      'POST',
      form({ grant_type: 'client_credentials', client_id: clientid }),
      { 'content-type': FORM },
      form({ grant_type: 'client_credentials', ...post }),
    );
    assert.equal(same.status, 200, JSON.stringify(same.body));
    for (const [query, body, name] of [
      [{ grant_type: 'client_credentials' }, { grant_type: 'password', ...post }, 'grant_type'],
      [{ client_id: 'sb-someone-else' }, { grant_type: 'client_credentials', ...post }, 'client_id'],
      [{ scope: 'uaa.resource' }, { grant_type: 'client_credentials', scope: 'uaa.user', ...post }, 'scope'],
    ] as const) {
      const res = await queryCall('POST', form(query), { 'content-type': FORM }, form(body));
      assert.equal(res.status, 400, name);
      assert.equal(res.headers['cache-control'], 'no-store', name);
      assert.deepEqual(res.body, {
        error: 'invalid_request',
        error_description: `These parameters have one value in the URL and another in the body: ${name}.`,
      });
    }
    const twiceInUrl = await queryCall('POST', 'grant_type=client_credentials&grant_type=client_credentials', {
      authorization: basic(clientid, clientsecret),
    });
    assert.deepEqual([twiceInUrl.status, twiceInUrl.body.error], [400, 'invalid_request']);
    assert.match(twiceInUrl.body.error_description, /repeated: grant_type \(in the URL\)/);
  });

  test('GET with the parameters in the URL gets a token, as UAA allows by default; a GET body is ignored', async () => {
    const { clientid, clientsecret } = key.key.uaa as { clientid: string; clientsecret: string };
    const auth = { authorization: basic(clientid, clientsecret) };
    const viaBasic = await queryCall('GET', 'grant_type=client_credentials', auth);
    assert.equal(viaBasic.status, 200, JSON.stringify(viaBasic.body));
    assert.equal(viaBasic.headers['cache-control'], 'no-store');
    assert.deepEqual(await xssecAccepts(viaBasic.body.access_token), { zoneId: key.zoneId, clientId: clientid });
    const inUrl = await queryCall(
      'GET',
      form({ grant_type: 'client_credentials', client_id: clientid, client_secret: clientsecret }),
      {},
    );
    assert.equal(inUrl.status, 200, 'UAA takes client_id and client_secret from the query too');
    const wrong = await queryCall('GET', 'grant_type=client_credentials', { authorization: basic(clientid, 'wrong') });
    assert.deepEqual([wrong.status, wrong.body.error], [401, 'invalid_client']);
    assert.match(String(wrong.headers['www-authenticate']), /^Basic /);
    const bodyOnly = await queryCall(
      'GET',
      'x=1',
      { ...auth, 'content-type': FORM },
      form({ grant_type: 'client_credentials' }),
    );
    assert.deepEqual(bodyOnly.body, {
      error: 'invalid_request',
      error_description: 'The grant_type parameter is missing.',
    });
  });

  test('a parameter sent twice is 400 invalid_request (RFC 6749 section 3.1)', async () => {
    const { clientid, clientsecret } = key.key.uaa as { clientid: string; clientsecret: string };
    const twice = (extra: [string, string]) => {
      const params = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientid,
        client_secret: clientsecret,
        scope: 'uaa.resource',
      });
      params.append(...extra);
      return params.toString();
    };
    for (const extra of [
      ['grant_type', 'client_credentials'],
      ['client_id', clientid],
      ['client_id', 'sb-other!b1|x!b2'],
      ['client_secret', clientsecret],
      ['scope', 'uaa.resource'],
    ] as [string, string][]) {
      const res = await tokenCall(twice(extra));
      assert.deepEqual([res.status, res.body.error], [400, 'invalid_request'], extra[0]);
      assert.match(res.body.error_description, new RegExp(`repeated: ${extra[0]}`));
    }
    const viaBasic = await tokenCall('grant_type=client_credentials&grant_type=client_credentials', {
      authorization: basic(clientid, clientsecret),
    });
    assert.deepEqual([viaBasic.status, viaBasic.body.error], [400, 'invalid_request']);
  });

  test('bodies fastify cannot read get RFC 6749 answers on both listeners: bad JSON, too large, unknown media type', async () => {
    const bases = [t.server.url, t.server.mtlsUrl!.replace('localhost', '127.0.0.1')];
    const cases: { name: string; contentType: string; body: string; status: number }[] = [
      { name: 'JSON that does not parse', contentType: 'application/json', body: '{"grant_type": ', status: 400 },
      { name: 'empty JSON', contentType: 'application/json', body: '', status: 400 },
      {
        name: 'a form over 64 KiB',
        contentType: FORM,
        body: form({ grant_type: 'client_credentials', scope: 'x'.repeat(70 * 1024) }),
        status: 413,
      },
      {
        name: 'a media type with no parser',
        contentType: 'application/xml',
        body: '<grant_type>client_credentials</grant_type>',
        status: 400,
      },
    ];
    for (const base of bases) {
      for (const c of cases) {
        const res = await tokenCall(c.body, { 'content-type': c.contentType }, base);
        const label = `${c.name} at ${base}`;
        assert.equal(res.status, c.status, label);
        assert.deepEqual(Object.keys(res.body).sort(), ['error', 'error_description'], label);
        assert.equal(res.body.error, 'invalid_request', label);
        assert.equal(res.headers['cache-control'], 'no-store', label);
        assert.equal(res.headers.pragma, 'no-cache', label);
      }
    }
  });

  test('revoking a binding makes the next request fail at once; the token issued before still verifies', async () => {
    const minted = await mintSecretKey(t.server);
    const body = form({
      grant_type: 'client_credentials',
      client_id: minted.key.uaa.clientid!,
      client_secret: minted.key.uaa.clientsecret!,
    });
    const before = await tokenCall(body);
    assert.equal(before.status, 200);
    await t.server.xsuaa.clients.revokeBinding(t.server.store.db, minted.bindingId);
    const after = await tokenCall(body);
    assert.deepEqual([after.status, after.body.error], [401, 'invalid_client']);
    const verified = await t.server.xsuaa.verifier.verifyAccessToken(before.body.access_token, {
      audience: minted.key.uaa.clientid!,
    });
    assert.equal(verified.zoneId, minted.zoneId, 'tokens already issued stay valid until exp, as with XSUAA');
  });

  test('revoking the whole client refuses all its secrets', async () => {
    const minted = await mintSecretKey(t.server);
    await t.server.xsuaa.clients.revokeClient(t.server.store.db, minted.key.uaa.clientid!);
    const res = await tokenCall(
      form({
        grant_type: 'client_credentials',
        client_id: minted.key.uaa.clientid!,
        client_secret: minted.key.uaa.clientsecret!,
      }),
    );
    assert.equal(res.status, 401);
  });

  test('mTLS at certurl: a certificate of the binding CA gets a token; no certificate or a secret-only request there does not', async () => {
    const minted = await mintX509Key(t.server);
    const { uaa } = minted.key;
    const withCert = new Agent({ connect: { ca, cert: uaa.certificate!, key: uaa.key! } });
    const ok = await tokenCall(
      form({ grant_type: 'client_credentials', client_id: uaa.clientid! }),
      {},
      t.server.mtlsUrl!.replace('localhost', '127.0.0.1'),
      withCert,
    );
    assert.equal(ok.status, 200);
    assert.equal((decodeJwt(ok.body.access_token) as { zid: string }).zid, minted.zoneId);
    const noCert = await tokenCall(
      form({ grant_type: 'client_credentials', client_id: uaa.clientid! }),
      {},
      t.server.mtlsUrl!.replace('localhost', '127.0.0.1'),
    );
    assert.deepEqual([noCert.status, noCert.body.error], [401, 'invalid_client']);
    const onMainOrigin = await tokenCall(form({ grant_type: 'client_credentials', client_id: uaa.clientid! }));
    assert.equal(onMainOrigin.status, 401, 'the main origin does not ask for certificates');
    await t.server.xsuaa.clients.revokeBinding(t.server.store.db, minted.bindingId);
    const revoked = await tokenCall(
      form({ grant_type: 'client_credentials', client_id: uaa.clientid! }),
      {},
      t.server.mtlsUrl!.replace('localhost', '127.0.0.1'),
      withCert,
    );
    assert.equal(revoked.status, 401);
  });

  test('JWKS: published keys in UAA format; ?zid of a known zone works, of an unknown zone is 400', async () => {
    const dispatcher = new Agent({ connect: { ca } });
    const all = await request(`${t.server.url}/token_keys`, { dispatcher });
    const { keys } = (await all.body.json()) as { keys: Record<string, string>[] };
    assert.ok(keys.length >= 1 && keys.length <= 2);
    assert.deepEqual(Object.keys(keys[0]!).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use', 'value']);
    assert.match(keys[0]!.value!, /^-----BEGIN PUBLIC KEY-----/);
    const zoned = await request(`${t.server.url}/token_keys?zid=${key.zoneId}`, { dispatcher });
    assert.equal(zoned.statusCode, 200);
    await zoned.body.text();
    const unknown = await request(`${t.server.url}/token_keys?zid=00000000-0000-4000-8000-000000000000`, {
      dispatcher,
    });
    assert.equal(unknown.statusCode, 400);
    await unknown.body.text();
  });

  test('OpenID metadata names the token endpoint, JWKS and the mTLS alias, also under the issuer path', async () => {
    for (const path of ['/.well-known/openid-configuration', '/oauth/token/.well-known/openid-configuration']) {
      const res = await t.http.call('GET', path);
      const meta = res.json();
      assert.equal(meta.token_endpoint, `${t.server.publicUrl}/oauth/token`);
      assert.equal(meta.issuer, `${t.server.publicUrl}/oauth/token`);
      assert.equal(meta.mtls_endpoint_aliases.token_endpoint, `${t.server.mtlsUrl}/oauth/token`);
    }
  });

  test('failed authentications count per client whatever the id spelling; the right secret still gets a token, from any address', async () => {
    const minted = await mintSecretKey(t.server);
    const { clientid, clientsecret } = minted.key.uaa as { clientid: string; clientsecret: string };
    const attacker = '127.0.0.2';
    const grant = form({ grant_type: 'client_credentials' });
    for (let i = 0; i < 10; i += 1) {
      const post = await tokenCall(
        form({ grant_type: 'client_credentials', client_id: clientid, client_secret: `wrong-${i}` }),
        {},
        undefined,
        undefined,
        attacker,
      );
      const encoded = await tokenCall(
        grant,
        { authorization: basic(enc(clientid), `wrong-${i}`) },
        undefined,
        undefined,
        attacker,
      );
      assert.deepEqual([post.status, encoded.status], [401, 401]);
    }
    // 20 failures under two spellings: the next failure, in a third spelling, is over the limit of the one client.
    const over = await tokenCall(
      grant,
      { authorization: basic(enc(clientid), 'wrong'), 'x-cf-encoded-credentials': 'true' },
      undefined,
      undefined,
      attacker,
    );
    assert.equal(over.status, 429);
    assert.deepEqual(over.body, { error: 'invalid_client', error_description: over.body.error_description });
    assert.match(over.body.error_description, /^Too many failed client authentications; retry after \d+ s\.$/);
    assert.ok(Number(over.headers['retry-after']) > 0);
    assert.deepEqual([over.headers['cache-control'], over.headers.pragma], ['no-store', 'no-cache']);

    const right = form({ grant_type: 'client_credentials', client_id: clientid, client_secret: clientsecret });
    assert.equal((await tokenCall(right)).status, 200, 'the client at another address is not locked out');
    assert.equal(
      (await tokenCall(right, {}, undefined, undefined, attacker)).status,
      200,
      'a correct secret is never refused by the per-client counter',
    );
    const elsewhere = await tokenCall(
      form({ grant_type: 'client_credentials', client_id: clientid, client_secret: 'wrong' }),
    );
    assert.equal(elsewhere.status, 401, 'failures from one address do not count for another');

    const logs = t.logs.join('');
    assert.ok(
      !logs.includes(clientsecret) && !logs.includes(key.key.uaa.clientsecret!),
      'a client secret reached the log',
    );
  });

  test('failures with ids that name no client (other case, double encoding) count per address: over the limit its failures get 429, the right secret still its token', async () => {
    const { clientid, clientsecret } = key.key.uaa as { clientid: string; clientsecret: string };
    const guesser = '127.0.0.3';
    const spellings = [clientid.toUpperCase(), enc(clientid), `${clientid} `];
    for (let i = 0; i < 20; i += 1) {
      const res = await tokenCall(
        form({
          grant_type: 'client_credentials',
          client_id: spellings[i % spellings.length]!,
          client_secret: clientsecret,
        }),
        {},
        undefined,
        undefined,
        guesser,
      );
      assert.equal(res.status, 401, `attempt ${i + 1}`);
    }
    const wrong = form({ grant_type: 'client_credentials', client_id: spellings[0]!, client_secret: clientsecret });
    const throttled = await tokenCall(wrong, {}, undefined, undefined, guesser);
    assert.deepEqual([throttled.status, throttled.body.error], [429, 'invalid_client']);
    assert.ok(Number(throttled.headers['retry-after']) > 0);
    assert.equal(throttled.headers['cache-control'], 'no-store');
    // everyone else behind that address (a proxy, the server's own LM Test) keeps working
    const right = form({ grant_type: 'client_credentials', client_id: clientid, client_secret: clientsecret });
    assert.equal(
      (await tokenCall(right, {}, undefined, undefined, guesser)).status,
      200,
      'a correct secret from the throttled address',
    );
    assert.equal((await tokenCall(right)).status, 200, 'other addresses are not throttled');
  });

  test('a secret sent in the query string never reaches the log', async () => {
    const { clientid, clientsecret } = key.key.uaa as { clientid: string; clientsecret: string };
    const query = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientid,
      client_secret: clientsecret,
    }).toString();
    // a GET that gets its token, and POSTs that are refused after reading the secret (wrong, conflicting)
    const served = await queryCall('GET', query, {});
    assert.equal(served.status, 200);
    const wrong = await queryCall(
      'POST',
      query.replace(/client_secret=[^&]+/, `client_secret=${enc(`${clientsecret}x`)}`),
      {},
    );
    assert.equal(wrong.status, 401);
    const conflicting = await queryCall('POST', query, { 'content-type': FORM }, form({ client_secret: 'other' }));
    assert.equal(conflicting.status, 400);
    const logs = t.logs.join('');
    assert.ok(logs.includes('/oauth/token'), 'the request was logged');
    for (const form of [clientsecret, encodeURIComponent(clientsecret), clientsecret.split('$')[1]!])
      assert.ok(!logs.includes(form));
  });
}
