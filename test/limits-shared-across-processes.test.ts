/**
 * Two `calm-keys serve` processes on one PostgreSQL database share their rate limits (README.md, "Running
 * several processes"): failures and calls split across A and B reach the limit at the same total as on one process.
 * Kept to the calls a limit needs: 21 failed client authentications, 11 failed sign-ins, and 8 calls of SAP Service
 * Manager's API with its overall limit set to 6 a minute (CALM_KEYS_SM_REQUESTS_PER_MINUTE).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPostgresSchema, withProcessPair } from './support/serve-process.js';
import { signIn, type HttpClient } from './support/server.js';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { CLIENT_AUTH_FAILURE_LIMIT } from '../src/xsuaa/index.js';
import { LOGIN_FAILURES_PER_USER } from '../src/http/login-throttle.js';

const postgres = (await testDatabaseKinds()).some((k) => k.name === 'postgres');
/** SAP Service Manager's overall limit per caller and minute for this test (CALM_KEYS_SM_REQUESTS_PER_MINUTE). */
const SM_LIMIT = 6;

test(
  "two processes on one PostgreSQL share the limits of failed client authentications and sign-ins, and SAP Service Manager's request limits",
  {
    skip: !postgres && 'PostgreSQL is not reachable (set CALM_KEYS_TEST_REQUIRE_POSTGRES=1 to fail instead)',
  },
  async () => {
    await withPostgresSchema((databaseUrl) =>
      withProcessPair(databaseUrl, { CALM_KEYS_SM_REQUESTS_PER_MINUTE: String(SM_LIMIT) }, async ({ httpA, httpB }) => {
        // SAP Service Manager's limits: a person's 6 calls a minute, split across A and B, then 429 on either
        const cookie = await signIn(httpA, 'admin', 'process-test-password-1');
        const plans = (http: HttpClient) => http.call('GET', '/v1/service_plans', { cookie });
        const calls: number[] = [];
        for (let i = 0; i < SM_LIMIT; i += 1) calls.push((await plans(i % 2 === 0 ? httpA : httpB)).status);
        assert.deepEqual(calls, Array(SM_LIMIT).fill(200), 'below the limit on both');
        const overLimitOnB = await plans(httpB);
        assert.equal(overLimitOnB.status, 429, `B counts the calls A served: ${overLimitOnB.text}`);
        assert.equal(overLimitOnB.json().code, 'btp.rate_limited');
        assert.ok(Number(overLimitOnB.headers['retry-after']) > 0);
        assert.equal((await plans(httpA)).status, 429, 'and A those B served');
        const btpApi = await httpB.call('GET', '/btp/v1/global_accounts', { cookie });
        assert.equal(btpApi.status, 200, `/btp/v1 has a budget of its own: ${btpApi.text}`);

        // client ids that name no client count per caller address: 20 failures per minute
        const token = (http: HttpClient) =>
          http.call('POST', '/oauth/token', {
            rawBody: new URLSearchParams({
              grant_type: 'client_credentials',
              client_id: 'no-such-client',
              client_secret: 'wrong',
            }).toString(),
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          });
        const statuses: number[] = [];
        for (let i = 0; i < CLIENT_AUTH_FAILURE_LIMIT.limit; i += 1)
          statuses.push((await token(i % 2 === 0 ? httpA : httpB)).status);
        assert.deepEqual(new Set(statuses), new Set([401]), 'the limit is not reached before 20 failures in all');
        // on one process alone the 21st failure is answered 429; split across two it is the same, on either side
        const overOnA = await token(httpA);
        assert.equal(overOnA.status, 429, 'A counts the failures B saw');
        assert.ok(Number(overOnA.headers['retry-after']) > 0);
        assert.equal((await token(httpB)).status, 429, 'and B those A saw');

        // failed sign-ins: 10 per (user name, address) in 15 minutes
        const login = (http: HttpClient) =>
          http.call('POST', '/auth/v1/login', { body: { username: 'admin', password: 'not-the-password' } });
        const logins: number[] = [];
        for (let i = 0; i < LOGIN_FAILURES_PER_USER.limit; i += 1)
          logins.push((await login(i % 2 === 0 ? httpA : httpB)).status);
        assert.deepEqual(new Set(logins), new Set([401]));
        const overOnB = await login(httpB);
        assert.equal(overOnB.status, 429, 'the 11th failed sign-in, wherever it lands, is over the shared limit');
        assert.ok(Number(overOnB.headers['retry-after']) > 0);
        assert.equal((await login(httpA)).status, 429);
      }),
    );
  },
);
