/**
 * Opens the database: SQLite (better-sqlite3, WAL) by default, PostgreSQL (pg) when a URL is given.
 * Both get the same kysely interface, the same migrations and the same queries.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  Kysely,
  Migrator,
  SqliteDialect,
  sql,
  type Migration,
  type MigrationProvider,
  type SqliteDatabase,
} from 'kysely';
import { DomainError } from '../shared/index.js';
import type { Dialect } from './dialect.js';
import { MIGRATIONS } from './migrations/index.js';
import { resilientPostgresDialect, type StoreLogger } from './postgres.js';
import type { Database } from './tables.js';
import { STORE_ERRORS } from './error-codes.js';

export type Db = Kysely<Database>;

export interface Store {
  readonly db: Db;
  readonly dialect: Dialect;
  /** Where the data lives, for the start-up message (a URL's password is masked). */
  readonly location: string;
  /** True when the database answers a trivial query (readiness). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export type StoreTarget = { readonly sqliteFile: string } | { readonly databaseUrl: string; readonly schema?: string };

export interface StoreOptions {
  /** Where a lost or refused database connection is reported (the process logger); stderr when absent. */
  readonly logger?: StoreLogger;
}

const stderrLogger: StoreLogger = {
  warn: (fields, message) => void process.stderr.write(`calm-keys store: ${message} ${JSON.stringify(fields)}\n`),
};

function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}

/** The files SQLite keeps for one database in WAL mode (the journal only while switching to WAL). */
const sqliteFiles = (file: string) => [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];

/**
 * The database holds password hashes, encrypted secrets and the audit log: owner-only. SQLite gives its WAL,
 * SHM and journal the mode of the database file, so the file is created 0600 before SQLite opens it; files
 * left readable by others (an older start, a copy) are tightened. A file of another owner cannot be changed
 * (EPERM) and is left as its owner set it.
 */
function ownerOnly(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  for (const path of sqliteFiles(file)) {
    try {
      if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EPERM') throw error;
    }
  }
}

/** WAL pages between automatic checkpoints: SQLite's default, set here so the choice is visible and tested. */
export const WAL_CHECKPOINT_PAGES = 1000;

function openSqlite(file: string): Kysely<Database> {
  if (file !== ':memory:') ownerOnly(file);
  const database = new BetterSqlite3(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // WAL with synchronous=NORMAL is durable across process crashes; only a power loss can lose the last commits.
  database.pragma('synchronous = NORMAL');
  // A checkpoint (copying the WAL into the database file) fsyncs both files on the thread that commits. Every 4000
  // pages instead of 1000 cut the ingest benchmark's fsyncs from 104 to 18 in 8 s but each checkpoint then stalls
  // four times as long: p99 went from 17 to 35 ms for 2% less CPU per push (same run, issue 15), so the default stays.
  database.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
}

/** Distinct statements kept prepared; the product has a few hundred, IN lists of varying length add more. */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * kysely's SQLite driver prepares every statement again on each query; preparing was 13 % of a token request's
 * main-thread time (issue 15 profile). Statements are kept per SQL text (SQLite re-prepares one by itself after
 * a schema change). Safe because better-sqlite3 runs a statement to completion synchronously; calm-keys does not
 * stream queries (`iterate` would hold a statement busy), which the driver's `streamQuery` would need.
 */
export function withStatementCache(database: BetterSqlite3.Database): SqliteDatabase {
  const prepared = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(sqlText: string) {
      let statement = prepared.get(sqlText);
      if (statement === undefined) {
        statement = database.prepare(sqlText);
        if (prepared.size >= STATEMENT_CACHE_SIZE) prepared.delete(prepared.keys().next().value!);
        prepared.set(sqlText, statement);
      }
      return statement as unknown as ReturnType<SqliteDatabase['prepare']>;
    },
  };
}

function openPostgres(url: string, schema: string | undefined, logger: StoreLogger): Kysely<Database> {
  return new Kysely<Database>({ dialect: resilientPostgresDialect(url, schema, logger) });
}

const provider = (dialect: Dialect): MigrationProvider => ({
  async getMigrations() {
    const out: Record<string, Migration> = {};
    for (const step of MIGRATIONS) out[step.name] = { up: (db) => step.up(db, dialect) };
    return out;
  },
});

export async function migrate(db: Kysely<unknown>, dialect: Dialect): Promise<string[]> {
  // kysely looks for its migration tables in every schema unless told which one: a second database user of
  // the same PostgreSQL database (another schema, e.g. a parallel test) would make it skip creating its own.
  const migrationTableSchema =
    dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({
    db,
    provider: provider(dialect),
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  let { error, results } = await migrator.migrateToLatest();
  // Before migrating, kysely introspects the tables of every schema; a schema that another user of the same
  // database drops meanwhile (parallel tests do) can fail that catalog read with "... does not exist". The
  // check runs before any migration step, so trying again is safe.
  for (
    let attempt = 1;
    error && dialect === 'postgres' && attempt <= 4 && /does not exist/.test(String((error as Error).message));
    attempt += 1
  ) {
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    throw new DomainError(
      'unavailable',
      STORE_ERRORS.migration_failed,
      `database migration failed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Opens and migrates the database. */
export async function openStore(target: StoreTarget, options: StoreOptions = {}): Promise<Store> {
  const dialect: Dialect = 'databaseUrl' in target ? 'postgres' : 'sqlite';
  const db =
    'databaseUrl' in target
      ? openPostgres(target.databaseUrl, target.schema, options.logger ?? stderrLogger)
      : openSqlite(target.sqliteFile);
  const location = 'databaseUrl' in target ? maskUrl(target.databaseUrl) : target.sqliteFile;
  try {
    await migrate(db as Kysely<unknown>, dialect);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new DomainError(
      'unavailable',
      STORE_ERRORS.unavailable,
      `Cannot open the database at ${location}: ${reason}`,
      { cause: error },
    );
  }
  return {
    db,
    dialect,
    location,
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.destroy(),
  };
}
