/**
 * CALM_KEYS_REJECT_TOKENS_OF_DELETED_BINDINGS over HTTP on the real server. On: a token already issued to a
 * binding is refused by the Cloud ALM API as an invalid token (401 `token.invalid`, Bearer `invalid_token`) from
 * the request after the deletion, a binding created again on the same instance (same client id) does not bring
 * it back, the instance's deletion ends the new binding's tokens, nothing is audited per refusal and the debug
 * line holds no token. Off (the default, XSUAA's behaviour): the token is accepted after the deletion until `exp`.
 * With PostgreSQL: a binding deleted on process A is refused by process B within the bound (2 s).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { fixedClock } from '../src/shared/index.js';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { CLIENT_STANDING_TTL_MS } from '../src/xsuaa/index.js';
import { signIn, startTestServer, type TestServer } from './support/server.js';
import { overHttp, withPostgresSchema, withProcessPair } from './support/serve-process.js';
import { ADMIN_PASSWORD, btpKey, emptyTenant, tokenFor } from './support/landscape.js';

const SETTING = 'CALM_KEYS_REJECT_TOKENS_OF_DELETED_BINDINGS';
const READ = '/api/calm-landscape/v1/landscapeObjects';

/** The one public URL of A and B (the issuer of their tokens), as behind a load balancer; nothing calls it. */
const LOAD_BALANCER_URL = 'https://calm-keys-lb.invalid';
/** What the two-process case allows beyond the bound: one poll, one query and one request on a loaded machine. */
const SLACK_MS = 1_000;

const read = (t: TestServer, token: string) => t.http.call('GET', READ, { token });

/** A second binding of an instance: the same client id, a credential of its own. */
async function addBinding(t: TestServer, cookie: string, instanceId: string, name: string): Promise<string> {
  const binding = await t.http.call('POST', '/v1/service_bindings?async=false', {
    cookie,
    body: { name, service_instance_id: instanceId },
  });
  assert.equal(binding.status, 201, binding.text);
  return `${JSON.stringify(binding.json().credentials)}\n`;
}

async function deleteBinding(t: TestServer, cookie: string, bindingId: string): Promise<void> {
  const res = await t.http.call('DELETE', `/v1/service_bindings/${bindingId}?async=false`, { cookie });
  assert.equal(res.status, 200, res.text);
}

function assertInvalidToken(res: Awaited<ReturnType<typeof read>>, what: string): void {
  assert.equal(res.status, 401, `${what}: ${res.text}`);
  assert.equal(res.json().error.code, 'token.invalid', what);
  assert.match(String(res.headers['www-authenticate']), /^Bearer realm="calm-keys", error="invalid_token"/, what);
}

// in process on SQLite; PostgreSQL runs the same over HTTP in the two-process case below (and the SQL in
// src/xsuaa/deleted-binding-tokens.test.ts), which keeps this file under a minute
for (const kind of (await testDatabaseKinds()).filter((k) => k.name === 'sqlite')) {
  test(`${kind.name}: with the setting on, a deleted binding's token is refused as invalid at once; a re-created binding does not revive it`, async () => {
    const clock = fixedClock(new Date());
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD, CALM_KEYS_LOG_LEVEL: 'debug', [SETTING]: 'true' },
      start: { demo: false, clock },
    });
    try {
      const tenant = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
      const key = await btpKey(t, tenant.cookie, tenant.subaccountId, undefined, ['landscape.read']);
      const otherKey = await btpKey(t, tenant.cookie, tenant.subaccountId, undefined, ['landscape.read']);
      const token = await tokenFor(t, key.keyText);
      const otherToken = await tokenFor(t, otherKey.keyText);
      assert.equal((await read(t, token)).status, 200);

      // a second binding of the same instance, created in the same second as the token: creation times could not
      // tell the two apart, the token's rev_sig (the credential that obtained it) does
      const secondToken = await tokenFor(t, await addBinding(t, tenant.cookie, key.instanceId, 'key-2'));
      assert.equal(decodeJwt(secondToken).cid, decodeJwt(token).cid, 'one client id for both bindings');

      await deleteBinding(t, tenant.cookie, key.bindingId);
      const auditBefore = (await t.http.call('GET', '/audit/v1/events?limit=5', { cookie: tenant.cookie })).json()
        .events[0].id;
      assertInvalidToken(await read(t, token), 'the first request after the deletion');
      assertInvalidToken(await read(t, token), 'and every one after');
      // the shape of any invalid token
      assertInvalidToken(await read(t, `${token.slice(0, -4)}AAAA`), 'a token with a broken signature');
      assert.equal((await read(t, secondToken)).status, 200, "the other binding's token is served");
      assert.equal((await read(t, otherToken)).status, 200, "another instance's token is served");

      // refusals are not audited one by one; the debug line names the client and the reason, never the token
      const auditAfter = (await t.http.call('GET', '/audit/v1/events?limit=5', { cookie: tenant.cookie })).json()
        .events[0].id;
      assert.equal(auditAfter, auditBefore, 'no audit record per refused request');
      const lines = t.logs.filter((line) => line.includes('access token of a deleted binding refused'));
      assert.equal(lines.length, 2, 'one debug line per refusal');
      assert.equal(JSON.parse(lines[0]!).reason, 'credential_deleted', 'its rev_sig names the deleted credential');
      assert.equal(JSON.parse(lines[0]!).clientId, decodeJwt(token).cid);
      const signature = token.split('.')[2]!;
      assert.ok(!t.logs.some((line) => line.includes(signature)), 'no log line holds the token');

      // the instance deleted: its remaining binding's token too
      const gone = await t.http.call('DELETE', `/v1/service_instances/${key.instanceId}?async=false`, {
        cookie: tenant.cookie,
      });
      assert.equal(gone.status, 200, gone.text);
      assertInvalidToken(await read(t, secondToken), "the deleted instance's last binding");
      assert.equal((await read(t, otherToken)).status, 200);
    } finally {
      await t.close();
    }
  });

  test(`${kind.name}: by default (setting off) a token of a deleted binding is accepted until exp, as XSUAA`, async () => {
    const clock = fixedClock(new Date());
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false, clock },
    });
    try {
      const tenant = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
      const key = await btpKey(t, tenant.cookie, tenant.subaccountId, undefined, ['landscape.read']);
      const token = await tokenFor(t, key.keyText);
      await deleteBinding(t, tenant.cookie, key.bindingId);
      clock.advance(CLIENT_STANDING_TTL_MS * 10);
      assert.equal((await read(t, token)).status, 200, 'accepted after the deletion');
      // one second before exp still accepted, at exp refused as expired
      const exp = Number(decodeJwt(token).exp) * 1000;
      clock.set(new Date(exp - 1_000));
      assert.equal((await read(t, token)).status, 200, 'accepted until exp');
      clock.set(new Date(exp));
      const expired = await read(t, token);
      assertInvalidToken(expired, 'at exp');
      assert.match(expired.json().error.message, /expired/);
    } finally {
      await t.close();
    }
  });
}

const postgres = (await testDatabaseKinds()).some((k) => k.name === 'postgres');

test(
  `two processes on one PostgreSQL: a binding deleted on A is refused on B within ${CLIENT_STANDING_TTL_MS} ms`,
  { skip: !postgres && 'PostgreSQL is not reachable' },
  async () => {
    await withPostgresSchema((databaseUrl) =>
      withProcessPair(
        databaseUrl,
        { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD, CALM_KEYS_PUBLIC_URL: LOAD_BALANCER_URL, [SETTING]: 'true' },
        async (pair) => {
          const [a, b] = [overHttp(pair.httpA), overHttp(pair.httpB)];
          const tenant = await emptyTenant(a, await signIn(a.http, 'admin', ADMIN_PASSWORD));
          const key = await btpKey(a, tenant.cookie, tenant.subaccountId, undefined, ['landscape.read']);
          const otherKey = await btpKey(a, tenant.cookie, tenant.subaccountId, undefined, ['landscape.read']);
          const token = await tokenFor(a, key.keyText);
          const otherToken = await tokenFor(a, otherKey.keyText);
          // B knows the client stands (its cache holds that answer for up to the bound)
          assert.equal((await read(b, token)).status, 200);

          await deleteBinding(a, tenant.cookie, key.bindingId);
          const deletedAt = Date.now();
          assertInvalidToken(await read(a, token), 'A, the process that deleted, at once');
          let refusedAfterMs: number | undefined;
          while (refusedAfterMs === undefined && Date.now() - deletedAt < CLIENT_STANDING_TTL_MS + 3_000) {
            const res = await read(b, token);
            if (res.status === 401) {
              assertInvalidToken(res, 'B');
              refusedAfterMs = Date.now() - deletedAt;
            } else {
              assert.equal(res.status, 200, res.text);
              await new Promise((resolve) => setTimeout(resolve, 50));
            }
          }
          assert.ok(refusedAfterMs !== undefined, 'B never refused the token');
          assert.ok(refusedAfterMs <= CLIENT_STANDING_TTL_MS + SLACK_MS, `B refused after ${refusedAfterMs} ms`);
          for (let i = 0; i < 3; i += 1) assertInvalidToken(await read(b, token), 'B keeps refusing');
          assert.equal((await read(b, otherToken)).status, 200, "B serves another instance's token");
          console.log(`B refused the deleted binding's token ${refusedAfterMs} ms after A's deletion`);
        },
      ),
    );
  },
);
