import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from './test-support/databases.js';
import { rowInsert, MAX_ROWS } from './row-insert.js';
import { createCommitGroup } from './commit-group.js';
import { withTx } from './transaction.js';
import { isUniqueViolation } from './errors.js';

const now = new Date().toISOString();
const user = (n: number, username = `user-${n}`) => ({
  id: `id-${n}`,
  username,
  display_name: `it's "${n}"`,
  password_hash: null,
  must_change_password: n % 2,
  created_at: now,
  disabled_at: null,
});
const insertUsers = rowInsert('users', [
  'id',
  'username',
  'display_name',
  'password_hash',
  'must_change_password',
  'created_at',
  'disabled_at',
]);

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: a row insert stores every row and value of any count, in chunks of powers of two`, async () => {
    const store = await kind.open();
    try {
      const sizes = [1, 12, MAX_ROWS + 3, 2 * MAX_ROWS];
      let next = 0;
      for (const size of sizes) {
        const rows = Array.from({ length: size }, () => user(next++));
        await withTx(store.db, (tx) => insertUsers.run(tx, rows));
      }
      await insertUsers.run(store.db, []);
      const stored = await store.db.selectFrom('users').selectAll().orderBy('id').execute();
      assert.equal(stored.length, next);
      const expected = Array.from({ length: next }, (_, n) => user(n)).sort((a, b) => a.id.localeCompare(b.id));
      assert.deepEqual(
        stored.map((r) => ({ ...r, must_change_password: Number(r.must_change_password) })),
        expected,
      );
    } finally {
      await store.close();
    }
  });

  test(`${kind.name}: a commit group answers each work after its commit; one failing work fails alone`, async () => {
    const store = await kind.open();
    try {
      const group = createCommitGroup(store.db);
      await insertUsers.run(store.db, [user(0, 'taken')]);
      // started in one turn of the event loop: one shared transaction, whose failing work forces a retry of each alone
      const outcomes = await Promise.allSettled(
        [1, 2, 3, 4].map((n) =>
          group.run(async (tx) => {
            await insertUsers.run(tx, [user(n, n === 3 ? 'taken' : `user-${n}`)]);
            return n;
          }),
        ),
      );
      assert.deepEqual(
        outcomes.map((o) => o.status),
        ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'],
      );
      assert.deepEqual(
        outcomes.map((o) => (o.status === 'fulfilled' ? o.value : undefined)),
        [1, 2, undefined, 4],
      );
      const failed = outcomes[2] as PromiseRejectedResult;
      assert.equal(isUniqueViolation(failed.reason), true, String(failed.reason));
      const ids = (await store.db.selectFrom('users').select('id').orderBy('id').execute()).map((r) => r.id);
      assert.deepEqual(ids, ['id-0', 'id-1', 'id-2', 'id-4']);

      // many at once, more than one batch holds: all stored, each answered with its own result
      const many = await Promise.all(
        Array.from({ length: 150 }, (_, k) =>
          group.run(async (tx) => {
            await insertUsers.run(tx, [user(100 + k)]);
            return k;
          }),
        ),
      );
      assert.deepEqual(
        many,
        Array.from({ length: 150 }, (_, k) => k),
      );
      const count = await store.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 154);
    } finally {
      await store.close();
    }
  });

  test(`${kind.name}: a commit group's works that arrive while a batch commits form the next batch`, async () => {
    const store = await kind.open();
    try {
      const group = createCommitGroup(store.db);
      const transactions = new Set<unknown>();
      const seen: number[] = [];
      const first = group.run(async (tx) => {
        transactions.add(tx);
        // arrives while the first batch's transaction is open: waits for the next batch, not for a timer
        late = group.run(async (tx2) => {
          transactions.add(tx2);
          await insertUsers.run(tx2, [user(2)]);
          seen.push(2);
        });
        await insertUsers.run(tx, [user(1)]);
        seen.push(1);
      });
      let late: Promise<void> | undefined;
      await first;
      await late;
      assert.deepEqual(seen, [1, 2]);
      assert.equal(transactions.size, 2);
      assert.equal((await store.db.selectFrom('users').select('id').execute()).length, 2);
    } finally {
      await store.close();
    }
  });
}
