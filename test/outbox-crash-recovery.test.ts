/**
 * A crash between the commit of a BTP deletion and the delivery of its event loses nothing (the transactional
 * outbox, src/store/outbox-dispatcher.ts): `calm-keys serve` holds deliveries back (CALM_KEYS_OUTBOX_DELAY_MS,
 * for tests only), a binding whose key sits in a tenant's Landscape Management slot is deleted, the copy is
 * seen not yet flagged, the process is killed with SIGKILL, and a new process on the same database flags the
 * copy as deleted in BTP: once, at the time of the deletion, with the deleting request's id in the audit log.
 * On SQLite and on PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startServeProcess, type ServeProcess } from './support/serve-process.js';
import { httpClient, signIn, type HttpClient, type TestServer } from './support/server.js';
import { ADMIN_PASSWORD, btpKey, emptyTenant, slotPath, uploadRaw } from './support/landscape.js';
import { testDatabaseKinds, TEST_PG_URL } from '../src/store/test-support/databases.js';

/** A fresh PostgreSQL schema for the processes (dropped afterwards), or nothing for SQLite. */
async function databaseFor(
  kind: 'sqlite' | 'postgres',
): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (kind === 'sqlite') return { env: {}, drop: async () => undefined };
  const schema = `ob_${randomBytes(6).toString('hex')}`;
  const admin = async (query: string) => {
    const c = new pg.Client({ connectionString: TEST_PG_URL });
    await c.connect();
    await c.query(query);
    await c.end();
  };
  await admin(`create schema ${schema}`);
  const url = new URL(TEST_PG_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { env: { DATABASE_URL: url.toString() }, drop: () => admin(`drop schema if exists ${schema} cascade`) };
}

/** The helpers of test/support/landscape.ts need only the HTTP client. */
const over = (http: HttpClient) => ({ http }) as unknown as TestServer;

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: a binding deleted just before a kill -9 is flagged in Landscape Management by the next start`, async () => {
    const database = await databaseFor(kind.name);
    const processes: ServeProcess[] = [];
    const clients: HttpClient[] = [];
    try {
      const env = { ...database.env, CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD };
      const first = await startServeProcess({ ...env, CALM_KEYS_OUTBOX_DELAY_MS: '600000' });
      processes.push(first);
      const a = httpClient(first.url.origin, first.ca);
      clients.push(a);
      const tenant = await emptyTenant(over(a), await signIn(a, 'admin', ADMIN_PASSWORD));
      const key = await btpKey(over(a), tenant.cookie, tenant.subaccountId);
      const uploaded = await uploadRaw(over(a), tenant.cookie, tenant.tenantId, key.keyText);
      assert.equal(uploaded.status, 201, uploaded.text);

      const deleted = await a.call('DELETE', `/v1/service_bindings/${key.bindingId}?async=false`, {
        cookie: tenant.cookie,
      });
      assert.equal(deleted.status, 200, deleted.text);
      const deletedAt = Date.now();
      const before = (await a.call('GET', slotPath(tenant.tenantId), { cookie: tenant.cookie })).json().key;
      assert.equal(before.deletedInBtp, null, 'the event is committed but not delivered yet');
      first.child.kill('SIGKILL');
      await first.stop(); // waits for the exit
      assert.equal(first.exited(), 'SIGKILL');

      // the same database and data directory (master key), deliveries not held back
      const second = await startServeProcess({ ...env, CALM_KEYS_DATA_DIR: first.dataDir });
      processes.push(second);
      const b = httpClient(second.url.origin, second.ca);
      clients.push(b);
      const cookie = await signIn(b, 'admin', ADMIN_PASSWORD);
      const started = Date.now();
      let flagged: { status: { value: string }; deletedInBtp: { at: string } | null } | undefined;
      while (Date.now() - started < 15_000) {
        flagged = (await b.call('GET', slotPath(tenant.tenantId), { cookie })).json().key;
        if (flagged?.deletedInBtp) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const recoveredMs = Date.now() - started;
      assert.ok(flagged?.deletedInBtp, 'the restarted process delivered the event the killed one had committed');
      assert.equal(flagged.status.value, 'failed');
      const at = Date.parse(flagged.deletedInBtp.at);
      assert.ok(at <= deletedAt, `flagged with the time of the deletion (${flagged.deletedInBtp.at}), not of delivery`);

      const audit = (await b.call('GET', `/audit/v1/events?tenantId=${tenant.tenantId}&limit=1000`, { cookie })).json()
        .events as { action: string; requestId: string | null }[];
      const flags = audit.filter((e) => e.action === 'lm.service_key.deleted_in_btp');
      assert.equal(flags.length, 1, 'flagged once');
      assert.equal(flags[0]!.requestId, deleted.headers['x-request-id'], "recorded under the deleting request's id");
      process.stdout.write(`# ${kind.name}: flagged ${recoveredMs} ms after the restarted process signed in\n`);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      await Promise.all(processes.map((p) => p.stop()));
      await database.drop();
    }
  });
}
