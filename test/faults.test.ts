/**
 * Fault injection on the real server (issue 18), on SQLite and PostgreSQL: off at start; an injected 503 on the
 * token endpoint for one client reaches that client only (Basic, form and the mTLS listener); latency delays;
 * reset closes the connection; rate-limit answers 429 with Retry-After; probability 0 never fires; a fault with
 * a lifetime expires; jwks and api targets (a route prefix, one client's bearer token); the audit records hold no
 * secret; only the calm-keys administrator may add, list or delete faults (no LM role, no service-key token).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { signIn, startTestServer, type TestServer } from './support/server.js';
import { mintSecretKey, mintX509Key, type MintedKey } from './support/keys.js';
import { ADMIN_PASSWORD, emptyTenant, userWithRoles } from './support/landscape.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

function tokenForm(key: MintedKey): string {
  return new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: key.key.uaa.clientid!,
    client_secret: key.key.uaa.clientsecret!,
  }).toString();
}

const tokenPost = (t: TestServer, key: MintedKey) =>
  t.http.call('POST', '/oauth/token', { rawBody: tokenForm(key), headers: FORM });

async function addFault(t: TestServer, cookie: string, body: Record<string, unknown>): Promise<string> {
  const res = await t.http.call('POST', '/faults/v1/faults', { cookie, body });
  assert.equal(res.status, 201, res.text);
  return res.json().id as string;
}

async function clear(t: TestServer, cookie: string): Promise<void> {
  const res = await t.http.call('DELETE', '/faults/v1/faults', { cookie });
  assert.equal(res.status, 200, res.text);
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: faults on token, jwks and api; one client only; latency, reset, 429, probability, expiry; audited`, async () => {
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false },
    });
    try {
      const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
      // off by default: no fault at start, and the banner's count is 0
      assert.deepEqual((await t.http.call('GET', '/faults/v1/faults', { cookie })).json(), { items: [] });
      assert.deepEqual((await t.http.call('GET', '/faults/v1/status', { cookie })).json(), { active: 0 });

      const a = await mintSecretKey(t.server);
      const b = await mintSecretKey(t.server);
      assert.equal((await tokenPost(t, a)).status, 200);

      // a 503 for client a only: a gets RFC 6749's shape with Retry-After, b still gets tokens
      const id = await addFault(t, cookie, {
        target: 'token',
        clientId: a.key.uaa.clientid,
        kind: 'status',
        status: 503,
      });
      const refused = await tokenPost(t, a);
      assert.equal(refused.status, 503, refused.text);
      assert.equal(refused.json().error, 'temporarily_unavailable');
      assert.equal(refused.headers['retry-after'], '1');
      assert.equal(refused.headers['x-calm-keys-fault'], id);
      assert.equal((await tokenPost(t, b)).status, 200, 'another client still gets tokens');
      // the client in the Basic header (decided before the body is read) and in the URL (GET) as well
      const viaBasic = await t.http.call('POST', '/oauth/token', {
        rawBody: 'grant_type=client_credentials',
        headers: { ...FORM, authorization: basic(a.key.uaa.clientid!, a.key.uaa.clientsecret!) },
      });
      assert.equal(viaBasic.status, 503, viaBasic.text);
      const viaBasicB = await t.http.call('POST', '/oauth/token', {
        rawBody: 'grant_type=client_credentials',
        headers: { ...FORM, authorization: basic(b.key.uaa.clientid!, b.key.uaa.clientsecret!) },
      });
      assert.equal(viaBasicB.status, 200, viaBasicB.text);
      const viaGet = await t.http.call('GET', `/oauth/token?${tokenForm(a)}`);
      assert.equal(viaGet.status, 503, viaGet.text);
      assert.equal((await t.http.call('GET', '/faults/v1/status', { cookie })).json().active, 1);

      // the mTLS listener applies token faults too
      const x = await mintX509Key(t.server);
      await addFault(t, cookie, { target: 'token', clientId: x.key.uaa.clientid, kind: 'status', status: 500 });
      const mtls = new Agent({
        connect: {
          ca: readFileSync(t.server.caFile!, 'utf8'),
          cert: x.key.uaa.certificate!,
          key: x.key.uaa.key!,
        },
      });
      try {
        const res = await request(`${t.server.mtlsUrl}/oauth/token`, {
          method: 'POST',
          headers: FORM,
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id: x.key.uaa.clientid! }).toString(),
          dispatcher: mtls,
        });
        assert.equal(res.statusCode, 500);
        assert.equal(((await res.body.json()) as { error: string }).error, 'server_error');
      } finally {
        await mtls.close();
      }

      // delete one; the other client a's fault goes with clear
      assert.equal((await t.http.call('DELETE', `/faults/v1/faults/${id}`, { cookie })).status, 204);
      assert.equal(
        (await t.http.call('DELETE', `/faults/v1/faults/${id}`, { cookie })).json().error.code,
        'faults.not_found',
      );
      assert.equal((await tokenPost(t, a)).status, 200);
      await clear(t, cookie);

      // latency: served as usual after the delay
      await addFault(t, cookie, { target: 'jwks', kind: 'latency', latencyMs: 400 });
      let started = Date.now();
      const slow = await t.http.call('GET', '/token_keys');
      assert.equal(slow.status, 200);
      assert.ok(Date.now() - started >= 390, `delayed ${Date.now() - started} ms`);
      assert.ok(Array.isArray(slow.json().keys));
      started = Date.now();
      assert.equal((await tokenPost(t, a)).status, 200);
      assert.ok(Date.now() - started < 390, 'the token endpoint is not delayed by a jwks fault');
      await clear(t, cookie);

      // reset: the connection closes without an answer
      await addFault(t, cookie, { target: 'token', kind: 'reset' });
      await assert.rejects(() => tokenPost(t, b));
      await clear(t, cookie);

      // rate limit: 429 with Retry-After
      await addFault(t, cookie, { target: 'jwks', kind: 'rate_limit', retryAfterSeconds: 7 });
      const limited = await t.http.call('GET', '/token_keys');
      assert.equal(limited.status, 429);
      assert.equal(limited.headers['retry-after'], '7');
      assert.equal(limited.json().error, 'temporarily_unavailable');
      await clear(t, cookie);

      // probability 0 never fires
      await addFault(t, cookie, { target: 'token', kind: 'status', status: 503, probability: 0 });
      for (let i = 0; i < 10; i += 1) assert.equal((await tokenPost(t, a)).status, 200);
      await clear(t, cookie);

      // a fault with a lifetime expires (and leaves the list)
      await addFault(t, cookie, { target: 'token', kind: 'status', status: 502, activeForMs: 600 });
      assert.equal((await tokenPost(t, a)).status, 502);
      await new Promise((resolve) => setTimeout(resolve, 700));
      assert.equal((await tokenPost(t, a)).status, 200);
      assert.deepEqual((await t.http.call('GET', '/faults/v1/faults', { cookie })).json(), { items: [] });

      // api: a route prefix, and one client's bearer token
      const tokenA = (await tokenPost(t, a)).json().access_token as string;
      const tokenB = (await tokenPost(t, b)).json().access_token as string;
      const before = (await t.http.call('GET', '/api/calm-tasks/v1/tasks', { token: tokenA })).status;
      assert.notEqual(before, 503);
      await addFault(t, cookie, { target: 'api', route: 'calm-tasks/v1', kind: 'status', status: 503 });
      const tasks = await t.http.call('GET', '/api/calm-tasks/v1/tasks', { token: tokenA });
      assert.equal(tasks.status, 503, tasks.text);
      assert.equal(tasks.json().error.code, 'faults.injected');
      assert.equal(tasks.headers['retry-after'], '1');
      assert.equal(
        (await t.http.call('GET', '/api/calm-projects/v1/projects', { token: tokenA })).status === 503,
        false,
      );
      await clear(t, cookie);
      await addFault(t, cookie, { target: 'api', clientId: b.key.uaa.clientid, kind: 'rate_limit' });
      assert.equal((await t.http.call('GET', '/api/calm-tasks/v1/tasks', { token: tokenB })).status, 429);
      assert.equal((await t.http.call('GET', '/api/calm-tasks/v1/tasks', { token: tokenA })).status, before);

      // bad input names the field
      const bad = await t.http.call('POST', '/faults/v1/faults', { cookie, body: { target: 'token', kind: 'status' } });
      assert.equal(bad.status, 400, bad.text);
      assert.equal(bad.json().error.code, 'faults.bad_fault');
      assert.equal(bad.json().error.details[0].path, 'status');
      const route = await t.http.call('POST', '/faults/v1/faults', {
        cookie,
        body: { target: 'token', route: 'x', kind: 'reset' },
      });
      assert.equal(route.json().error.details[0].path, 'route');

      // audited, without a secret
      const events = await t.http.call('GET', '/audit/v1/events?action=faults.added,faults.deleted,faults.cleared', {
        cookie,
      });
      assert.equal(events.status, 200, events.text);
      const list = events.json().events as { action: string; details: Record<string, unknown> }[];
      assert.ok(list.filter((e) => e.action === 'faults.added').length >= 9);
      assert.ok(list.some((e) => e.action === 'faults.deleted'));
      assert.ok(list.some((e) => e.action === 'faults.cleared'));
      assert.ok(list.some((e) => e.details.clientId === a.key.uaa.clientid));
      for (const secret of [a.key.uaa.clientsecret!, b.key.uaa.clientsecret!, tokenA, tokenB])
        assert.ok(!events.text.includes(secret) && !t.logs.join('').includes(secret), 'no secret in audit or log');
    } finally {
      await t.close();
    }
  });

  test(`${kind.name}: only the calm-keys administrator adds, lists or deletes faults; no tenant key enables one`, async () => {
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false },
    });
    try {
      const admin = await signIn(t.http, 'admin', ADMIN_PASSWORD);
      const tenant = await emptyTenant(t, admin);
      const secAdmin = await userWithRoles(t, admin, 'sec-admin', [
        { role: 'x_landscape_SecurityAdministrator', scopeId: tenant.tenantId },
      ]);
      const viewer = await userWithRoles(t, admin, 'sec-viewer', [
        { role: 'x_landscape_SecurityViewer', scopeId: tenant.tenantId },
      ]);
      const pat = (await t.http.call('POST', '/auth/v1/tokens', { cookie: admin, body: { name: 'ci' } })).json()
        .token as string;
      const key = await mintSecretKey(t.server);
      const keyToken = (await tokenPost(t, key)).json().access_token as string;
      const fault = { target: 'token', kind: 'status', status: 503 };

      // the administrator (session or personal API token) may
      const id = await addFault(t, admin, fault);
      assert.equal((await t.http.call('GET', '/faults/v1/faults', { token: pat })).json().items[0].id, id);

      type Who = { name: string; cookie?: string; token?: string; status: number };
      const refused: Who[] = [
        { name: 'Security Administrator', cookie: secAdmin, status: 403 },
        { name: 'Security Viewer', cookie: viewer, status: 403 },
        { name: "a service key's bearer token", token: keyToken, status: 401 },
        { name: 'nobody', status: 401 },
      ];
      for (const who of refused) {
        const as = { ...(who.cookie ? { cookie: who.cookie } : {}), ...(who.token ? { token: who.token } : {}) };
        for (const [method, path, body] of [
          ['POST', '/faults/v1/faults', fault],
          ['GET', '/faults/v1/faults', undefined],
          ['DELETE', '/faults/v1/faults', undefined],
          ['DELETE', `/faults/v1/faults/${id}`, undefined],
        ] as const) {
          const res = await t.http.call(method, path, { ...as, ...(body ? { body } : {}) });
          assert.equal(res.status, who.status, `${who.name}: ${method} ${path}: ${res.text}`);
        }
      }
      // the banner's count: anyone signed in; not a key's token
      assert.equal((await t.http.call('GET', '/faults/v1/status', { cookie: viewer })).json().active, 1);
      assert.equal((await t.http.call('GET', '/faults/v1/status', { token: keyToken })).status, 401);
      // nothing the refused callers sent changed the faults
      assert.equal((await t.http.call('GET', '/faults/v1/faults', { cookie: admin })).json().items.length, 1);
      const denied = await t.http.call('GET', '/audit/v1/events?action=access.denied', { cookie: admin });
      assert.ok(
        (denied.json().events as { details: { action: string } }[]).some(
          (e) => e.details.action === 'system.faults.manage',
        ),
      );
    } finally {
      await t.close();
    }
  });
}
