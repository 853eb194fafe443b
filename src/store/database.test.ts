import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './test-support/databases.js';
import { withTx } from './transaction.js';
import { isUniqueViolation } from './errors.js';
import { migrate, openStore, WAL_CHECKPOINT_PAGES } from './database.js';
import { sql, type Kysely } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const now = new Date().toISOString();
const user = (id: string, username: string) => ({
  id,
  username,
  display_name: username,
  password_hash: null,
  must_change_password: 0,
  created_at: now,
  disabled_at: null,
});

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: migrations are idempotent and the same on a second run`, async () => {
    const store = await kind.open();
    try {
      assert.deepEqual(await migrate(store.db as unknown as Kysely<unknown>, store.dialect), []);
      assert.equal(await store.ping(), true);
    } finally {
      await store.close();
    }
  });

  test(`${kind.name}: a store migrates while another store of the same database is open (PostgreSQL: another schema)`, async () => {
    const first = await kind.open();
    try {
      // kysely's own check would find the first schema's migration tables and skip creating the second's
      const second = await kind.open();
      try {
        assert.equal(await second.ping(), true);
        assert.deepEqual(await migrate(second.db as unknown as Kysely<unknown>, second.dialect), []);
      } finally {
        await second.close();
      }
    } finally {
      await first.close();
    }
  });

  test(`${kind.name}: withTx commits together or rolls back together`, async () => {
    const store = await kind.open();
    try {
      await withTx(store.db, async (tx) => {
        await tx.insertInto('users').values(user('u1', 'alice')).execute();
        await tx.insertInto('users').values(user('u2', 'bob')).execute();
      });
      await assert.rejects(
        withTx(store.db, async (tx) => {
          await tx.insertInto('users').values(user('u3', 'carol')).execute();
          await tx.insertInto('users').values(user('u4', 'alice')).execute(); // duplicate username
        }),
        (error) => isUniqueViolation(error),
      );
      const names = (await store.db.selectFrom('users').select('username').orderBy('username').execute()).map(
        (r) => r.username,
      );
      assert.deepEqual(names, ['alice', 'bob'], 'carol was rolled back with the failing insert');
    } finally {
      await store.close();
    }
  });

  test(`${kind.name}: audit sequence numbers increase`, async () => {
    const store = await kind.open();
    try {
      for (const id of ['e1', 'e2']) {
        await store.db
          .insertInto('audit_events')
          .values({
            id,
            at: now,
            action: 'x',
            outcome: 'success',
            actor_type: 'system',
            actor_id: null,
            actor_name: null,
            tenant_id: null,
            target_type: null,
            target_id: null,
            details: '{}',
            request_id: null,
          })
          .execute();
      }
      const rows = await store.db.selectFrom('audit_events').select(['id', 'seq']).orderBy('seq').execute();
      assert.deepEqual(
        rows.map((r) => r.id),
        ['e1', 'e2'],
      );
      assert.ok(Number(rows[1]!.seq) > Number(rows[0]!.seq));
    } finally {
      await store.close();
    }
  });
}

test('an unreachable PostgreSQL gives a clear error naming the masked URL', async () => {
  const { openStore } = await import('./database.js');
  await assert.rejects(openStore({ databaseUrl: 'postgres://u:hunter2-secret@127.0.0.1:1/db' }), (error: Error) => {
    assert.match(error.message, /Cannot open the database at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/db/);
    assert.ok(!error.message.includes('hunter2-secret'));
    return true;
  });
});

test('SQLite checkpoints its WAL every WAL_CHECKPOINT_PAGES pages (short checkpoint stalls), WAL with synchronous NORMAL', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'calm-keys-wal-'));
  const store = await openStore({ sqliteFile: join(dir, 'calm-keys.db') });
  try {
    const pragma = async (name: string) =>
      Object.values((await sql.raw(`pragma ${name}`).execute(store.db)).rows[0] as object)[0];
    assert.equal(await pragma('wal_autocheckpoint'), WAL_CHECKPOINT_PAGES);
    assert.equal(WAL_CHECKPOINT_PAGES, 1000, "SQLite's default: 4000 doubled the ingest p99 (README, Performance)");
    assert.equal(await pragma('journal_mode'), 'wal');
    assert.equal(await pragma('synchronous'), 1, 'NORMAL');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
