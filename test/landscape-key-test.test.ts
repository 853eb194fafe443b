/**
 * Test Service Key when things go wrong: a key pointing at a host outside the egress allow-list, at a closed
 * port, at a server that never answers, and at one that answers garbage. Each ends in a red status with a
 * precise reason, within the configured timeout (1.5 s here; the default is 10 s), and no secret in it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { signIn, startTestServer, type TestServer } from './support/server.js';
import { ADMIN_PASSWORD, btpKey, emptyTenant, slotPath, uploadRaw } from './support/landscape.js';

const TIMEOUT_MS = 1500;
let t: TestServer;
let tenant: Awaited<ReturnType<typeof emptyTenant>>;
let key: Awaited<ReturnType<typeof btpKey>>;
let hanging: TcpServer;
const sockets: Socket[] = [];
let garbage: Server;

const portOf = (s: { address(): unknown }) => (s.address() as AddressInfo).port;

before(async () => {
  t = await startTestServer({
    env: {
      CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD,
      CALM_KEYS_EGRESS_ALLOW: '127.0.0.1:*',
      CALM_KEYS_EGRESS_TIMEOUT_MS: String(TIMEOUT_MS),
    },
    start: { demo: false },
  });
  tenant = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
  key = await btpKey(t, tenant.cookie, tenant.subaccountId);
  hanging = createTcpServer((socket) => void sockets.push(socket)); // accepts, never says a word
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  garbage = createHttpServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<html>not a token server</html>'),
  );
  await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
});
after(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => hanging.close(resolve));
  await new Promise((resolve) => garbage.close(resolve));
  await t.close();
});

async function closedPort(): Promise<number> {
  const s = createTcpServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = portOf(s);
  await new Promise((resolve) => s.close(resolve));
  return port;
}

async function testWithTokenUrl(url: string) {
  const document = JSON.parse(key.keyText);
  document.uaa.url = url;
  await t.http.call('DELETE', slotPath(tenant.tenantId), { cookie: tenant.cookie });
  const stored = await uploadRaw(t, tenant.cookie, tenant.tenantId, JSON.stringify(document));
  assert.equal(stored.status, 201, stored.text);
  const started = Date.now();
  const res = await t.http.call('POST', `${slotPath(tenant.tenantId)}/test`, { cookie: tenant.cookie });
  const elapsed = Date.now() - started;
  assert.equal(res.status, 200, res.text);
  assert.ok(!res.text.includes(key.secret), 'no secret in the result');
  const shown = (await t.http.call('GET', slotPath(tenant.tenantId), { cookie: tenant.cookie })).json().key;
  return { outcome: res.json(), elapsed, shown };
}

const cases: [string, () => Promise<string>, RegExp][] = [
  [
    'a host outside the allow-list',
    async () => 'https://auth.calm-keys.example.invalid',
    /auth\.calm-keys\.example\.invalid:443 is not on the egress allow-list/,
  ],
  ['a closed port', async () => `http://127.0.0.1:${await closedPort()}`, /refused: nothing listens there/],
  [
    'a server that never answers',
    async () => `http://127.0.0.1:${portOf(hanging)}`,
    new RegExp(`within ${TIMEOUT_MS} ms`),
  ],
  [
    'a server that answers garbage',
    async () => `http://127.0.0.1:${portOf(garbage)}`,
    /answered, but not with an OAuth token response/,
  ],
];

for (const [label, url, reason] of cases) {
  test(`Test of a key pointing at ${label}: red, failed at the token step, with the reason`, async () => {
    const { outcome, elapsed, shown } = await testWithTokenUrl(await url());
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.result.failedStep, 'token');
    assert.match(outcome.reason, reason);
    assert.equal(shown.status.value, 'failed');
    assert.equal(shown.status.reason, outcome.reason);
    // the configured deadline applies (per call; the token step makes one call), far below the 10 s default
    assert.ok(elapsed < TIMEOUT_MS * 3, `answered in ${elapsed} ms`);
  });
}

/** Uploads `document` in place of the slot's key, runs Test Service Key, and returns the outcome and what the slot shows. */
async function testDocument(document: unknown) {
  await t.http.call('DELETE', slotPath(tenant.tenantId), { cookie: tenant.cookie });
  const stored = await uploadRaw(t, tenant.cookie, tenant.tenantId, JSON.stringify(document));
  assert.equal(stored.status, 201, stored.text);
  const res = await t.http.call('POST', `${slotPath(tenant.tenantId)}/test`, { cookie: tenant.cookie });
  assert.equal(res.status, 200, res.text);
  assert.ok(!res.text.includes(key.secret), 'no secret in the result');
  return {
    outcome: res.json(),
    shown: (await t.http.call('GET', slotPath(tenant.tenantId), { cookie: tenant.cookie })).json().key,
  };
}

const apiCases: [string, (origin: string) => string, RegExp][] = [
  [
    'the web UI (index.html at the server root)',
    (origin) => `${origin}/`,
    /with an HTML page \(HTTP 200\), not the Cloud ALM API; is endpoints\.Api the Cloud ALM API URL/,
  ],
  [
    'a path that is not the API (/api-nope)',
    (origin) => `${origin}/api-nope`,
    /GET \/api-nope\/calm-metrics\/v1\/metrics .*not the Cloud ALM API/,
  ],
];

for (const [label, api, reason] of apiCases) {
  test(`Test of a key whose endpoints.Api points at ${label}: red at the api step, with the reason`, async () => {
    const document = JSON.parse(key.keyText);
    document.endpoints = { Api: api(t.server.url) };
    const { outcome, shown } = await testDocument(document);
    assert.equal(outcome.status, 'failed', JSON.stringify(outcome.result.steps));
    assert.equal(outcome.result.failedStep, 'api');
    assert.deepEqual(
      outcome.result.steps.slice(0, 3).map((s: { status: string }) => s.status),
      ['passed', 'passed', 'passed'],
      'the token itself is fine',
    );
    assert.match(outcome.reason, reason);
    assert.equal(shown.status.value, 'failed');
    assert.equal(shown.status.reason, outcome.reason);
  });
}

test('Test of a key with write scopes only: green, with a warning that the read was not permitted and what that leaves unproven', async () => {
  const writeOnly = await btpKey(t, tenant.cookie, tenant.subaccountId, undefined, ['metrics.write']);
  const { outcome, shown } = await testDocument(JSON.parse(writeOnly.keyText));
  assert.equal(outcome.status, 'active', JSON.stringify(outcome.result.steps));
  const api = outcome.result.steps.find((s: { id: string }) => s.id === 'api');
  assert.equal(api.status, 'passed');
  assert.match(
    api.detail,
    /^token accepted but read not permitted: could not prove that the key can use the API beyond signing in \(GET \/api\/calm-metrics\/v1\/metrics is 403: insufficient_scope: needs sapcloudalm!b4711\.calm-api\.metrics\.read sapcloudalm!b4711\.calm-api\.hm\.read\)/,
  );
  assert.match(outcome.reason, /^Passed, with a warning: token accepted but read not permitted: could not prove/);
  assert.equal(shown.status.value, 'active');
  assert.equal(shown.status.reason, outcome.reason);
  assert.ok(!JSON.stringify(outcome).includes(writeOnly.secret));
});

test("two concurrent Tests of one tenant: the second is 409 lm.test_in_progress while the first (slow token server) runs; the stored status is the first one's", async () => {
  let calls = 0;
  const slow = createHttpServer((_req, res) => {
    calls += 1;
    const answer =
      calls === 1 ? { delay: 700, error_description: 'first, slow' } : { delay: 0, error_description: 'later, fast' };
    setTimeout(
      () =>
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: 'invalid_client', error_description: answer.error_description })),
      answer.delay,
    );
  });
  await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
  try {
    const document = JSON.parse(key.keyText);
    document.uaa.url = `http://127.0.0.1:${portOf(slow)}`;
    await t.http.call('DELETE', slotPath(tenant.tenantId), { cookie: tenant.cookie });
    assert.equal((await uploadRaw(t, tenant.cookie, tenant.tenantId, JSON.stringify(document))).status, 201);

    const first = t.http.call('POST', `${slotPath(tenant.tenantId)}/test`, { cookie: tenant.cookie });
    while (calls === 0) await new Promise((r) => setTimeout(r, 10)); // the first Test is waiting for its token
    const second = await t.http.call('POST', `${slotPath(tenant.tenantId)}/test`, { cookie: tenant.cookie });
    assert.equal(second.status, 409, second.text);
    assert.equal(second.json().error.code, 'lm.test_in_progress');
    assert.match(second.json().error.message, /already running \(started by admin at /);
    assert.equal(calls, 1, 'the second Test did not call the token server');

    const done = await first;
    assert.equal(done.status, 200, done.text);
    assert.match(done.json().reason, /first, slow/);
    const shown = (await t.http.call('GET', slotPath(tenant.tenantId), { cookie: tenant.cookie })).json().key;
    assert.equal(shown.status.reason, done.json().reason, 'the stored status is the result of the Test that finished');

    // the lease is released: the next Test runs, and its result is the stored one
    const next = await t.http.call('POST', `${slotPath(tenant.tenantId)}/test`, { cookie: tenant.cookie });
    assert.equal(next.status, 200, next.text);
    assert.match(next.json().reason, /later, fast/);
    assert.equal(
      (await t.http.call('GET', slotPath(tenant.tenantId), { cookie: tenant.cookie })).json().key.status.reason,
      next.json().reason,
    );
  } finally {
    await new Promise((resolve) => slow.close(resolve));
  }
});
