/**
 * PostgreSQL through a pg pool that survives a lost connection (a restart, a failover, a network blip).
 *
 * pg emits 'error' on a client whose socket ends, idle in the pool or checked out; an 'error' event nobody
 * listens to ends the process. So every client gets a listener as it connects and the pool gets one too; the
 * loss is logged once per client, the broken client is dropped by the pool, and the next query connects anew.
 * A query that was running at the cut, or that cannot connect, fails with `store.unavailable` (503 with
 * Retry-After in HTTP) instead of a driver error that would read as an internal failure.
 */
import {
  PostgresDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
  type CompiledQuery,
} from 'kysely';
import pg from 'pg';
import { DomainError } from '../shared/index.js';
import { STORE_ERRORS } from './error-codes.js';

/** What the store logs with; the process logger (pino) fits it. */
export interface StoreLogger {
  warn(fields: object, message: string): void;
}

/** Seconds a caller should wait before trying again: a restart or failover takes a few seconds. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** SQLSTATE 57P01-57P03: the server is shutting down, crashed, or not accepting connections yet. */
const SHUTDOWN_STATES = new Set(['57P01', '57P02', '57P03']);
const DRIVER_MESSAGES =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|Connection ended|Client was closed/i;

/** True for an error that means "the database cannot be reached", not "this statement is wrong". */
export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SHUTDOWN_STATES.has(code) || /^08/.test(code)))
    return true;
  return DRIVER_MESSAGES.test(error.message);
}

function unavailable(error: unknown): DomainError {
  return new DomainError(
    'unavailable',
    STORE_ERRORS.unavailable,
    'The database cannot be reached right now (the connection was lost or refused). Try again in a few seconds.',
    {
      cause: error,
      retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
    },
  );
}

const mapFailure = (error: unknown): never => {
  throw isConnectionFailure(error) ? unavailable(error) : error;
};

/** Fields to log for a connection error: its code and message, never the client (it holds the connection parameters). */
const describe = (error: unknown) => ({
  code: (error as { code?: unknown }).code ?? null,
  reason: error instanceof Error ? error.message : String(error),
});

/** What a request gets at once while another one is finding out whether the database is back. */
class DatabaseAway extends Error {
  constructor() {
    super('the database did not answer the last connection attempt; another request is trying again');
    this.name = 'DatabaseAway';
  }
}

/**
 * While the database is away, one connection attempt at a time waits for it (the probe) and every other
 * request fails at once with store.unavailable. Without it, each request of an outage would hold its caller
 * for the whole connection timeout when the network drops packets (5 s each, all together filling the pool
 * and the listener's connections per address). The first failed attempt marks the database away; the next
 * attempt after it is the probe; the first success marks it back, so recovery takes at most one connection
 * timeout after the database answers again.
 */
export class ConnectGate {
  #away = false;
  #probing = false;

  /** True after a failed attempt, until one succeeds. */
  get away(): boolean {
    return this.#away;
  }

  async attempt<T>(connect: () => Promise<T>, isFailure: (error: unknown) => boolean): Promise<T> {
    const probe = this.#away;
    if (probe) {
      if (this.#probing) throw new DatabaseAway();
      this.#probing = true;
    }
    try {
      const connected = await connect();
      this.#away = false;
      return connected;
    } catch (error) {
      if (isFailure(error)) this.#away = true;
      throw error;
    } finally {
      if (probe) this.#probing = false;
    }
  }
}

/** Wraps kysely's PostgresDriver so that connection failures of every query, begin, commit and rollback map to store.unavailable. */
class UnavailableMappingDriver implements Driver {
  readonly #inner: Driver;
  readonly #innerOf = new WeakMap<DatabaseConnection, DatabaseConnection>();
  readonly #onConnectFailure: (error: unknown) => void;
  readonly #gate = new ConnectGate();

  constructor(inner: Driver, onConnectFailure: (error: unknown) => void) {
    this.#inner = inner;
    this.#onConnectFailure = onConnectFailure;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    let inner: DatabaseConnection;
    try {
      inner = await this.#gate.attempt(() => this.#inner.acquireConnection(), isConnectionFailure);
    } catch (error) {
      if (error instanceof DatabaseAway) throw unavailable(error);
      if (isConnectionFailure(error)) this.#onConnectFailure(error);
      return mapFailure(error);
    }
    const wrapper: DatabaseConnection = {
      executeQuery: <R>(query: CompiledQuery): Promise<QueryResult<R>> =>
        inner.executeQuery<R>(query).catch(mapFailure),
      streamQuery: <R>(query: CompiledQuery, chunkSize?: number) => inner.streamQuery<R>(query, chunkSize),
    };
    this.#innerOf.set(wrapper, inner);
    return wrapper;
  }

  // The inner driver runs begin/commit/rollback through the connection it is given: the wrapper maps them.
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(connection);
  }

  savepoint: Driver['savepoint'] = (connection, name, compile) => this.#inner.savepoint!(connection, name, compile);
  rollbackToSavepoint: Driver['rollbackToSavepoint'] = (connection, name, compile) =>
    this.#inner.rollbackToSavepoint!(connection, name, compile);
  releaseSavepoint: Driver['releaseSavepoint'] = (connection, name, compile) =>
    this.#inner.releaseSavepoint!(connection, name, compile);

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection(this.#innerOf.get(connection) ?? connection);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

class ResilientPostgresDialect extends PostgresDialect {
  readonly #onConnectFailure: (error: unknown) => void;

  constructor(pool: pg.Pool, onConnectFailure: (error: unknown) => void) {
    super({ pool });
    this.#onConnectFailure = onConnectFailure;
  }

  override createDriver(): Driver {
    return new UnavailableMappingDriver(super.createDriver(), this.#onConnectFailure);
  }
}

/** At most one "cannot connect" line per interval while the database stays away; every loss of an open connection is logged. */
const CONNECT_FAILURE_LOG_INTERVAL_MS = 10_000;

export function resilientPostgresDialect(
  url: string,
  schema: string | undefined,
  logger: StoreLogger,
): PostgresDialect {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const reported = new WeakSet<pg.Client>();
  const onLost = (error: unknown, client: pg.Client | undefined) => {
    if (client) {
      if (reported.has(client)) return;
      reported.add(client);
    }
    logger.warn(
      { database: 'postgres', ...describe(error) },
      'the connection to PostgreSQL was lost; the next query opens a new one',
    );
  };
  // idle clients: pg-pool removes the client and re-emits its error on the pool
  pool.on('error', (error, client) => onLost(error, client));
  // checked-out clients (a query or transaction under way) have no pool listener: give each one its own
  pool.on('connect', (client) => client.on('error', (error) => onLost(error, client)));
  let lastConnectFailureLog = 0;
  const onConnectFailure = (error: unknown) => {
    const now = Date.now();
    if (now - lastConnectFailureLog < CONNECT_FAILURE_LOG_INTERVAL_MS) return;
    lastConnectFailureLog = now;
    logger.warn(
      { database: 'postgres', ...describe(error) },
      'cannot connect to PostgreSQL; queries fail with store.unavailable until it answers',
    );
  };
  return new ResilientPostgresDialect(pool, onConnectFailure);
}
