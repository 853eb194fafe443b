/**
 * The SQLite database holds encrypted secrets, password hashes and the audit log: its file and the WAL and
 * shared-memory files beside it are readable by their owner only (0600), and the data directory the store
 * creates is 0700, whatever the umask lets through by default.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/index.js';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
const user = (id: string) => ({
  id,
  username: id,
  display_name: id,
  password_hash: null,
  must_change_password: 0,
  created_at: new Date().toISOString(),
  disabled_at: null,
});

async function withUmask<T>(mask: number, work: () => Promise<T>): Promise<T> {
  const previous = process.umask(mask);
  try {
    return await work();
  } finally {
    process.umask(previous);
  }
}

test('sqlite: a new database file, its WAL and SHM are 0600 and the data directory the store creates is 0700', () =>
  withUmask(0o022, async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'calm-keys-modes-')), 'data', 'nested');
    const file = join(dataDir, 'calm-keys.db');
    const store = await openStore({ sqliteFile: file });
    try {
      assert.equal(mode(dataDir), '700', 'the data directory');
      assert.equal(mode(file), '600', 'the database file after open');
      await store.db.insertInto('users').values(user('u1')).execute();
      assert.ok(existsSync(`${file}-wal`) && existsSync(`${file}-shm`), 'WAL mode keeps -wal and -shm beside the file');
      for (const path of [file, `${file}-wal`, `${file}-shm`]) assert.equal(mode(path), '600', path);
    } finally {
      await store.close();
    }
  }));

test('sqlite: an existing database readable by others (an older start, a copy) is tightened to 0600 on open, with its WAL and SHM', () =>
  withUmask(0o022, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'calm-keys-modes-'));
    const file = join(dataDir, 'calm-keys.db');
    const first = await openStore({ sqliteFile: file });
    await first.close();
    chmodSync(file, 0o644);
    // left over by a process that stopped without checkpointing, created readable by others
    writeFileSync(`${file}-wal`, '', { mode: 0o644 });
    chmodSync(`${file}-wal`, 0o644);
    const store = await openStore({ sqliteFile: file });
    try {
      await store.db.insertInto('users').values(user('u2')).execute();
      for (const path of [file, `${file}-wal`, `${file}-shm`]) assert.equal(mode(path), '600', path);
    } finally {
      await store.close();
    }
  }));
