/**
 * The databases tests run against: always SQLite (a fresh file), and PostgreSQL when reachable
 * (CALM_KEYS_TEST_DATABASE_URL, default the local server's `test` database). Each PostgreSQL store gets
 * its own schema, dropped at close, so tests never see each other's rows.
 * With CALM_KEYS_TEST_REQUIRE_POSTGRES=1 (set by .ci/run) an unreachable PostgreSQL is a failure, not a skip.
 * CALM_KEYS_TEST_DATABASES=sqlite runs SQLite only (the other Node.js lines of CI: the PostgreSQL path is the
 * same JavaScript driver on every line, and the machine's line runs it; scripts/ci-node-line.sh).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../database.js';
import { randomBytes } from 'node:crypto';

export const TEST_PG_URL = process.env.CALM_KEYS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestStore extends Store {
  /** The SQLite file, for tests that search the raw database for plaintext secrets. */
  readonly sqliteFile?: string;
  /** The PostgreSQL schema this store lives in. */
  readonly pgSchema?: string;
}

export interface TestDatabaseKind {
  readonly name: 'sqlite' | 'postgres';
  open(): Promise<TestStore>;
}

let postgresReachable: Promise<boolean> | undefined;

async function probePostgres(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    if (process.env.CALM_KEYS_TEST_REQUIRE_POSTGRES === '1') {
      throw new Error(
        `PostgreSQL is required (CALM_KEYS_TEST_REQUIRE_POSTGRES=1) but ${TEST_PG_URL.replace(/:[^:@/]*@/, ':***@')} is not reachable: ${(error as Error).message}`,
      );
    }
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const sqliteKind: TestDatabaseKind = {
  name: 'sqlite',
  async open() {
    const sqliteFile = join(mkdtempSync(join(tmpdir(), 'calm-keys-test-')), 'test.db');
    const store = await openStore({ sqliteFile });
    return { ...store, sqliteFile };
  },
};

export const postgresKind: TestDatabaseKind = {
  name: 'postgres',
  async open() {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const store = await openStore({ databaseUrl: TEST_PG_URL, schema });
    return {
      ...store,
      pgSchema: schema,
      async close() {
        await store.close();
        const cleanup = new pg.Client({ connectionString: TEST_PG_URL });
        await cleanup.connect();
        await cleanup.query(`drop schema if exists ${schema} cascade`);
        await cleanup.end();
      },
    };
  },
};

/** SQLite always; PostgreSQL when it answers. Use with `for (const kind of await testDatabaseKinds())`. */
export async function testDatabaseKinds(): Promise<TestDatabaseKind[]> {
  if (process.env.CALM_KEYS_TEST_DATABASES === 'sqlite') return [sqliteKind];
  postgresReachable ??= probePostgres();
  return (await postgresReachable) ? [sqliteKind, postgresKind] : [sqliteKind];
}
