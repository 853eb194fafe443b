import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { withStatementCache } from './database.js';

test('a statement is prepared once per SQL text and reused', () => {
  const raw = new BetterSqlite3(':memory:');
  let prepares = 0;
  const counting = Object.assign(Object.create(raw) as BetterSqlite3.Database, {
    prepare: (text: string) => (prepares++, raw.prepare(text)),
    close: () => raw.close(),
  });
  const cached = withStatementCache(counting);
  const first = cached.prepare('select 1 as one');
  assert.equal(cached.prepare('select 1 as one'), first);
  assert.notEqual(cached.prepare('select 2 as two'), first);
  assert.equal(prepares, 2);
  cached.close();
});

test('cached statements stay correct through kysely: parameters, writes, a schema change, a nested read', async () => {
  const db = new Kysely<any>({
    dialect: new SqliteDialect({ database: withStatementCache(new BetterSqlite3(':memory:')) }),
  });
  try {
    await sql`create table t (id integer primary key, name text)`.execute(db);
    for (const name of ['a', 'b', 'c']) await db.insertInto('t').values({ name }).execute();
    const byName = (name: string) => db.selectFrom('t').selectAll().where('name', '=', name).execute();
    assert.deepEqual(await byName('b'), [{ id: 2, name: 'b' }]);
    assert.deepEqual(await byName('c'), [{ id: 3, name: 'c' }], 'the same statement with other parameters');
    // SQLite re-prepares a statement whose table changed: the cached `select *` sees the new column
    await sql`alter table t add column extra text default 'x'`.execute(db);
    assert.deepEqual(await byName('a'), [{ id: 1, name: 'a', extra: 'x' }]);
    // a read inside a transaction while the same statement text ran outside it
    await db.transaction().execute(async (tx) => {
      assert.equal((await tx.selectFrom('t').selectAll().where('name', '=', 'a').execute()).length, 1);
      await tx.updateTable('t').set({ name: 'z' }).where('id', '=', 1).execute();
    });
    assert.deepEqual(await byName('a'), []);
  } finally {
    await db.destroy();
  }
});
