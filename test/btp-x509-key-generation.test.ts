/**
 * x509 bindings with the largest key XSUAA offers (8192 bits, 10-20 s of CPU each here) must not slow the
 * rest of the server down: key generation is bounded (two at a time), so libuv's threadpool keeps threads
 * for the scrypt of a sign-in. Key lengths XSUAA does not offer are refused with 400 naming the parameter.
 * Timing is compared with the bindings themselves, not with a fixed number of seconds.
 *
 * Two 8192-bit bindings take the two slots, then two 4096-bit ones wait behind them: four generations, as many as
 * libuv has threads, so without the bound the sign-in's scrypt would wait for the first of them (a 4096-bit key,
 * 0.5-3 s) and take about as long as the first binding. Two 8192-bit keys instead of four: 20-40 s less CPU.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { findCatalogPlan } from '../src/btp/catalog.js';
import { signIn, startTestServer, type TestServer } from './support/server.js';

let t: TestServer;
let admin: string;
let instanceId: string;

before(async () => {
  // the fourth binding waits for two generations before its own: on a busy CI core that passes the default request
  // deadline and socket idle timeout, which would cut the connection ("other side closed") instead of measuring the queue
  t = await startTestServer({
    env: {
      CALM_KEYS_ADMIN_PASSWORD: 'admin-password-1',
      CALM_KEYS_REQUEST_TIMEOUT_MS: '400000',
      // no byte flows while a binding waits for its key pair: the default 120 s idle cut would end the fourth one
      CALM_KEYS_SOCKET_IDLE_TIMEOUT_MS: '400000',
    },
    start: { demo: false },
  });
  admin = await signIn(t.http, 'admin', 'admin-password-1');
  const ga = (await call('POST', '/btp/v1/global_accounts', { name: 'GA' })).json().id as string;
  assert.equal(
    (await call('POST', '/access/v1/users/admin/roles', { role: 'GlobalAccountAdministrator', scopeId: ga })).status,
    204,
  );
  admin = await signIn(t.http, 'admin', 'admin-password-1');
  const sub = await call('POST', '/btp/v1/subaccounts', {
    globalAccountId: ga,
    name: 'SAP Cloud ALM',
    subdomain: `keygen-${Date.now() % 100000}`,
    region: 'eu10',
  });
  assert.equal(sub.status, 201, sub.text);
  const inst = await call('POST', `/v1/service_instances?async=false&subaccount_id=${sub.json().id}`, {
    name: 'mtls',
    service_plan_id: findCatalogPlan('SAPCloudALMAPIs', 'standard')!.plan.id,
    parameters: { 'xs-security': { 'oauth2-configuration': { 'credential-types': ['x509'] } } },
  });
  assert.equal(inst.status, 201, inst.text);
  instanceId = inst.json().id as string;
});
after(() => t.close());

const call = (method: string, path: string, body?: unknown) =>
  t.http.call(method, path, { cookie: admin, ...(body === undefined ? {} : { body }) });
const x509Binding = (name: string, keyLength: unknown) =>
  call('POST', '/v1/service_bindings?async=false', {
    name,
    service_instance_id: instanceId,
    parameters: { 'credential-type': 'x509', x509: { 'key-length': keyLength } },
  });

test('a key-length XSUAA does not offer is 400 naming parameters.x509.key-length', async () => {
  for (const keyLength of [1024, 3072, 16384, '2048']) {
    const res = await x509Binding(`odd-${String(keyLength)}`, keyLength);
    assert.equal(res.status, 400, `${String(keyLength)}: ${res.text}`);
    // SAP's {error, description, code} at /v1: no details, so the description names the parameter
    assert.equal(res.json().code, 'btp.bad_parameters', res.text);
    assert.match(res.json().description, /parameters\.x509\.key-length/, res.text);
    assert.match(res.json().description, /2048, 4096, 8192/);
  }
});

// two 8192-bit generations, then two 4096-bit ones behind them, beside another test file: a minute or more on a
// busy two-core CI machine
test(
  'while two 8192-bit x509 bindings are generated and two 4096-bit ones wait, a sign-in and /healthz answer long before the first binding',
  { timeout: 420_000 },
  async () => {
    const started = Date.now();
    const timed = (binding: Promise<Awaited<ReturnType<typeof x509Binding>>>) =>
      binding.then((res) => ({ res, ms: Date.now() - started }));
    const big = [0, 1].map((i) => timed(x509Binding(`big-${i}`, 8192)));
    await new Promise((resolve) => setTimeout(resolve, 500)); // the two slots are taken by the 8192-bit keys
    const queued = [2, 3].map((i) => timed(x509Binding(`queued-${i}`, 4096)));
    // the 4096-bit requests wait in the queue (or, unbounded, generate): soon, before the first of them could be done
    await new Promise((resolve) => setTimeout(resolve, 200));
    const cheap = async (run: () => Promise<unknown>) => {
      const at = Date.now();
      await run();
      return { ms: Date.now() - at, doneAt: Date.now() - started };
    };
    const health = await cheap(async () => assert.equal((await t.http.call('GET', '/healthz')).status, 200));
    const login = await cheap(() => signIn(t.http, 'admin', 'admin-password-1'));
    const done = await Promise.all([...big, ...queued]);
    const first = Math.min(...done.map((d) => d.ms));
    for (const { res } of done) assert.equal(res.status, 201, res.text);
    const bits = (i: number) =>
      createPrivateKey(done[i]!.res.json().credentials.uaa.key as string).asymmetricKeyDetails?.modulusLength;
    assert.equal(bits(0), 8192);
    assert.equal(bits(2), 4096);

    const report = `healthz ${health.ms} ms, sign-in ${login.ms} ms, first binding after ${first} ms`;
    assert.ok(health.doneAt < first && login.doneAt < first, `the cheap requests finish before any binding: ${report}`);
    // Unbounded, the four generations hold libuv's four threads and the sign-in's scrypt waits for the first
    // of them to finish: then the sign-in takes about as long as the wait for the first binding from its start.
    const loginStartedAt = login.doneAt - login.ms;
    assert.ok(login.ms * 4 < first - loginStartedAt, `a sign-in takes a small part of a binding's time: ${report}`);
  },
);
