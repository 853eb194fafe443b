/**
 * Two `calm-keys serve` processes on one PostgreSQL database share their rate limits (README.md, "Running
 * several processes"): failures split across A and B reach the limit at the same total as on one process.
 * Kept to the failures a limit needs: 21 failed client authentications, 11 failed sign-ins.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startServeProcess, type ServeProcess } from './support/serve-process.js';
import { httpClient, type HttpClient } from './support/server.js';
import { testDatabaseKinds, TEST_PG_URL } from '../src/store/test-support/databases.js';
import { CLIENT_AUTH_FAILURE_LIMIT } from '../src/xsuaa/index.js';
import { LOGIN_FAILURES_PER_USER } from '../src/http/login-throttle.js';

const postgres = (await testDatabaseKinds()).some((k) => k.name === 'postgres');

async function withSchema<T>(work: (url: string) => Promise<T>): Promise<T> {
  const schema = `it_${randomBytes(6).toString('hex')}`;
  const admin = async (query: string) => {
    const c = new pg.Client({ connectionString: TEST_PG_URL });
    await c.connect();
    await c.query(query);
    await c.end();
  };
  await admin(`create schema ${schema}`);
  const url = new URL(TEST_PG_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  try {
    return await work(url.toString());
  } finally {
    await admin(`drop schema if exists ${schema} cascade`);
  }
}

test(
  'two processes on one PostgreSQL share the limits of failed client authentications and sign-ins',
  {
    skip: !postgres && 'PostgreSQL is not reachable',
  },
  async () => {
    await withSchema(async (databaseUrl) => {
      const processes: ServeProcess[] = [];
      const clients: HttpClient[] = [];
      try {
        // one after the other: B uses A's data directory (its master key) once A has created it
        const a = await startServeProcess({ DATABASE_URL: databaseUrl });
        processes.push(a);
        const b = await startServeProcess({ DATABASE_URL: databaseUrl, CALM_KEYS_DATA_DIR: a.dataDir });
        processes.push(b);
        const [httpA, httpB] = [httpClient(a.url.origin, a.ca), httpClient(b.url.origin, b.ca)];
        clients.push(httpA, httpB);

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
      } finally {
        await Promise.all(clients.map((c) => c.close()));
        await Promise.all(processes.map((p) => p.stop()));
      }
    });
  },
);
