/**
 * Two `calm-keys serve` processes (A and B) on one PostgreSQL database behave as one (README.md, "Running several
 * processes"): a key made on A gets tokens from B that B's Cloud ALM API accepts; 100 concurrent uploads to one
 * Landscape Management slot, split across A and B, store exactly one key; a rotation and a forced retirement made
 * on A reach B within the stated bound (ROWS_TTL_MS), tokens B had already verified and cached included; a binding
 * deleted on A gets no new token from B at once. The measured propagation times are printed (`# ...`).
 * Skipped when PostgreSQL is not reachable, a failure with CALM_KEYS_TEST_REQUIRE_POSTGRES=1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProtectedHeader } from 'jose';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { ROWS_TTL_MS } from '../src/xsuaa/signing-keys.js';
import { overHttp, withPostgresSchema, withProcessPair } from './support/serve-process.js';
import { signIn, type HttpClient } from './support/server.js';
import { ADMIN_PASSWORD, monitoredSystemWithKey, otlpGauges, slotPath, uploadRaw } from './support/landscape.js';

const postgres = (await testDatabaseKinds()).some((k) => k.name === 'postgres');

/** What the test allows beyond ROWS_TTL_MS for a change on A to reach B: polling and a loaded 2-core machine. */
const SLACK_MS = 3000;
const POLL_MS = 50;
/** The one public URL of A and B, as behind a load balancer; nothing here calls it. */
const LOAD_BALANCER_URL = 'https://calm-keys-lb.invalid';

const tokenRequest = (http: HttpClient, key: { clientid: string; clientsecret: string }) =>
  http.call('POST', '/oauth/token', {
    rawBody: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: key.clientid,
      client_secret: key.clientsecret,
    }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

async function tokenFrom(http: HttpClient, key: { clientid: string; clientsecret: string }): Promise<string> {
  const res = await tokenRequest(http, key);
  assert.equal(res.status, 200, res.text);
  return res.json().access_token as string;
}

const kidOf = (token: string) => decodeProtectedHeader(token).kid;

/** Polls `done` until it holds, failing after `withinMs`; resolves to the time it took. */
async function timeUntil(what: string, withinMs: number, done: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await done()) return Date.now() - started;
    if (Date.now() - started > withinMs) assert.fail(`${what}: not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

test(
  'two processes on one PostgreSQL: a key made on A works on B, one upload of 100 wins, rotation, forced retirement and deletion on A reach B in bound',
  { skip: !postgres && 'PostgreSQL is not reachable (set CALM_KEYS_TEST_REQUIRE_POSTGRES=1 to fail instead)' },
  async () => {
    await withPostgresSchema((databaseUrl) =>
      withProcessPair(
        databaseUrl,
        {
          CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD,
          // behind a load balancer every process has its public URL: the issuer of every token, whoever signed it
          CALM_KEYS_PUBLIC_URL: LOAD_BALANCER_URL,
          // 100 connections from one address in the upload race: over the default per-address limit of 64
          CALM_KEYS_MAX_CONNECTIONS_PER_ADDRESS: '128',
        },
        async ({ httpA, httpB }) => {
          // on A: a tenant with a monitored system and a key (a binding made at /v1) that may push metrics
          const made = await monitoredSystemWithKey(overHttp(httpA));
          const uaa = JSON.parse(made.key.keyText).uaa as { clientid: string; clientsecret: string };
          const push = (http: HttpClient, token: string) =>
            http.call('POST', `/api/calm-metrics/v1/metrics?serviceId=${made.service}`, {
              token,
              body: otlpGauges([{ name: 'cpu.utilization', value: 42 }]),
            });

          // the key made on A gets a token from B, and B's Cloud ALM API accepts it (as does A's)
          const fromB = await tokenFrom(httpB, uaa);
          const onB = await push(httpB, fromB);
          assert.equal(onB.status, 200, onB.text);
          assert.equal(onB.json().acceptedDataPoints, 1);
          assert.equal((await push(httpA, fromB)).status, 200, 'a token of B works on A');
          assert.equal((await push(httpB, await tokenFrom(httpA, uaa))).status, 200, 'a token of A works on B');

          // 100 concurrent uploads of the key to the tenant's empty slot, every other one on B: one 201, 99 409
          const half = (i: number) => overHttp(i % 2 === 0 ? httpA : httpB);
          const uploadsStarted = Date.now();
          const uploads = await Promise.all(
            Array.from({ length: 100 }, (_, i) => uploadRaw(half(i), made.cookie, made.tenantId, made.key.keyText)),
          );
          const uploadsMs = Date.now() - uploadsStarted;
          const counts: Record<number, number> = {};
          for (const r of uploads) counts[r.status] = (counts[r.status] ?? 0) + 1;
          assert.deepEqual(counts, { 201: 1, 409: 99 });
          for (const r of uploads.filter((x) => x.status === 409)) assert.equal(r.json().error.code, 'lm.slot_full');
          const slotOnB = await httpB.call('GET', slotPath(made.tenantId), { cookie: made.cookie });
          assert.equal(slotOnB.json().slot, 'filled', slotOnB.text);

          // a rotation on A: the new key is published by B within the bound
          const admin = await signIn(httpA, 'admin', ADMIN_PASSWORD);
          const rotate = (force: boolean) =>
            httpA.call('POST', '/xsuaa/v1/signing-keys/rotate', { cookie: admin, body: { force } });
          const jwksKids = async (http: HttpClient) =>
            ((await http.call('GET', '/token_keys')).json().keys as { kid: string }[]).map((k) => k.kid);
          const bound = ROWS_TTL_MS + SLACK_MS;
          const rotated = await rotate(false);
          assert.equal(rotated.status, 201, rotated.text);
          const pending = rotated.json().kid as string;
          const publishedMs = await timeUntil('B publishes the key rotated in on A', bound, async () =>
            (await jwksKids(httpB)).includes(pending),
          );

          // a forced rotation on A: the keys it retires stop verifying on B, also for a token B verified and cached
          const leaked = kidOf(fromB)!;
          assert.equal((await push(httpB, fromB)).status, 200, 'B has verified this token (and remembers it)');
          const forced = await rotate(true);
          assert.equal(forced.status, 201, forced.text);
          const current = forced.json().kid as string;
          assert.deepEqual([...(forced.json().retired as string[])].sort(), [leaked, pending].sort());
          const onA = await push(httpA, fromB);
          assert.equal(onA.status, 401, `A refuses the retired key at once: ${onA.text}`);
          // B first sees nothing of the new key: it learns of the retirement by re-reading the key rows
          const refusedMs = await timeUntil('B refuses a token of the retired key', bound, async () => {
            const res = await push(httpB, fromB);
            assert.ok(res.status === 200 || res.status === 401, res.text);
            return res.status === 401;
          });
          const signsMs = await timeUntil('B signs with the key put in on A', bound, async () => {
            return kidOf(await tokenFrom(httpB, uaa)) === current;
          });
          assert.deepEqual(await jwksKids(httpB), [current], 'B publishes the new key alone');
          const refused = await push(httpB, fromB);
          assert.equal(refused.status, 401);
          assert.match(refused.json().error.message, /no longer\) published/);

          // a token of a key B has not seen yet makes B re-read the keys at once: a second forced rotation on A
          // is honoured by B as soon as a token of the new key reaches it
          const beforeSecond = await tokenFrom(httpB, uaa);
          const second = await rotate(true);
          assert.equal(second.status, 201, second.text);
          const newKeyToken = await tokenFrom(httpA, uaa);
          assert.equal(kidOf(newKeyToken), second.json().kid);
          assert.equal((await push(httpB, newKeyToken)).status, 200, 'B accepts the new key on its first token');
          assert.equal((await push(httpB, beforeSecond)).status, 401, 'and has dropped the retired one with it');

          // the binding deleted on A: B gives it no new token, at once
          const deleted = await httpA.call('DELETE', `/v1/service_bindings/${made.key.bindingId}?async=false`, {
            cookie: made.cookie,
          });
          assert.equal(deleted.status, 200, deleted.text);
          const afterDelete = await tokenRequest(httpB, uaa);
          assert.equal(afterDelete.status, 401, afterDelete.text);
          assert.equal(afterDelete.json().error, 'invalid_client');

          console.log(
            `# A to B, from A's answer: rotated-in key published by B after ${publishedMs} ms; forced retirement refused by ` +
              `B after ${refusedMs} ms, B signing with the new key ${signsMs} ms later (bound ROWS_TTL_MS ${ROWS_TTL_MS} ms ` +
              `and one read); binding deletion at once; 100 uploads across A and B answered in ${uploadsMs} ms`,
          );
        },
      ),
    );
  },
);
