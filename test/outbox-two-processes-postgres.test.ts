/**
 * Two `calm-keys serve` processes on one PostgreSQL database handle each outbox event once (the lease of
 * src/store/outbox.ts): deliveries are held back a moment (CALM_KEYS_OUTBOX_DELAY_MS) so that the deleting
 * process does not deliver its own events at once and both pollers compete for them. Six bindings deleted
 * alternately on A and B: every event is claimed exactly once (attempts 1: a second claim by the other poller
 * would count 2), all are delivered, and the one copy in Landscape Management is flagged once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startServeProcess, type ServeProcess } from './support/serve-process.js';
import { httpClient, signIn, type HttpClient, type TestServer } from './support/server.js';
import { ADMIN_PASSWORD, btpKey, emptyTenant, slotPath, uploadRaw } from './support/landscape.js';
import { testDatabaseKinds, TEST_PG_URL } from '../src/store/test-support/databases.js';

const postgres = (await testDatabaseKinds()).some((k) => k.name === 'postgres');
const over = (http: HttpClient) => ({ http }) as unknown as TestServer;
const BINDINGS = 6;

test(
  'two processes on one PostgreSQL: each outbox event is claimed and handled by exactly one of them',
  { skip: !postgres && 'PostgreSQL is not reachable' },
  async () => {
    const schema = `ob2_${randomBytes(6).toString('hex')}`;
    const sqlClient = new pg.Client({ connectionString: TEST_PG_URL });
    await sqlClient.connect();
    await sqlClient.query(`create schema ${schema}`);
    const url = new URL(TEST_PG_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const processes: ServeProcess[] = [];
    const clients: HttpClient[] = [];
    try {
      const env = {
        DATABASE_URL: url.toString(),
        CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD,
        CALM_KEYS_OUTBOX_DELAY_MS: '1500',
      };
      const first = await startServeProcess(env);
      processes.push(first);
      const second = await startServeProcess({ ...env, CALM_KEYS_DATA_DIR: first.dataDir });
      processes.push(second);
      const [a, b] = [httpClient(first.url.origin, first.ca), httpClient(second.url.origin, second.ca)];
      clients.push(a, b);

      const tenant = await emptyTenant(over(a), await signIn(a, 'admin', ADMIN_PASSWORD));
      const keys = [];
      for (let i = 0; i < BINDINGS; i += 1) keys.push(await btpKey(over(a), tenant.cookie, tenant.subaccountId));
      assert.equal((await uploadRaw(over(a), tenant.cookie, tenant.tenantId, keys[0]!.keyText)).status, 201);
      const cookieB = await signIn(b, 'admin', ADMIN_PASSWORD);
      for (const [i, key] of keys.entries()) {
        const [http, cookie] = i % 2 === 0 ? [a, tenant.cookie] : [b, cookieB];
        const res = await http.call('DELETE', `/v1/service_bindings/${key.bindingId}?async=false`, { cookie });
        assert.equal(res.status, 200, res.text);
      }

      const rows = async () =>
        (
          await sqlClient.query<{ attempts: number; claimed_by: string; delivered_at: string | null }>(
            `select attempts, claimed_by, delivered_at from ${schema}.outbox_events where topic = 'btp.binding.deleted'`,
          )
        ).rows;
      const deadline = Date.now() + 20_000;
      while ((await rows()).some((r) => r.delivered_at === null) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      const events = await rows();
      assert.equal(events.length, BINDINGS, 'one event per deleted binding');
      assert.ok(
        events.every((r) => r.delivered_at !== null),
        'all delivered',
      );
      assert.deepEqual(
        events.map((r) => Number(r.attempts)),
        Array(BINDINGS).fill(1),
        'each claimed once: no event was handled by both processes',
      );
      const claimants = new Set(events.map((r) => r.claimed_by));
      assert.ok(claimants.size <= 2);

      const flagged = (await a.call('GET', slotPath(tenant.tenantId), { cookie: tenant.cookie })).json().key;
      assert.ok(flagged.deletedInBtp, 'the copy is flagged');
      const audit = (
        await a.call('GET', `/audit/v1/events?tenantId=${tenant.tenantId}&limit=1000`, { cookie: tenant.cookie })
      ).json().events as { action: string }[];
      assert.equal(audit.filter((e) => e.action === 'lm.service_key.deleted_in_btp').length, 1, 'flagged once');
      process.stdout.write(`# events delivered by ${claimants.size} process(es)\n`);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      await Promise.all(processes.map((p) => p.stop()));
      await sqlClient.query(`drop schema if exists ${schema} cascade`);
      await sqlClient.end();
    }
  },
);
