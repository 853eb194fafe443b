/**
 * A loopback TCP proxy in front of the test PostgreSQL that a test can cut, to play a restart, a failover or a
 * network cut without touching the shared database server: `cut()` destroys every proxied connection (both
 * sides), `setDown(true)` makes it accept new connections and drop them at once (the database is restarting),
 * or with `'blackhole'` accept them and never answer (a network that loses packets: only a timeout ends the
 * wait). Also the helpers to give a test its own schema and a URL through the proxy.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { TEST_PG_URL } from '../../src/store/test-support/databases.js';

/** How the proxy treats a new connection while the database is down. */
export type DownMode = 'drop' | 'blackhole';

export interface CutProxy {
  readonly port: number;
  /** Destroys every proxied connection, both sides, as a failover or a cut network does. */
  cut(): void;
  /** While down, new connections are dropped at once ('drop', the default) or held without an answer ('blackhole'). */
  setDown(down: boolean | DownMode): void;
  close(): Promise<void>;
}

export async function startCutProxy(): Promise<CutProxy> {
  const target = new URL(TEST_PG_URL);
  const sockets = new Set<Socket>();
  let down: DownMode | undefined;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  const server: Server = createServer((client) => {
    track(client);
    if (down === 'drop') return void client.destroy();
    if (down === 'blackhole') return void client.resume(); // read and discard, never answer
    const upstream = connect(Number(target.port || 5432), target.hostname);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    cut: () => {
      for (const socket of sockets) socket.destroy();
    },
    setDown: (value) => {
      down = value === true ? 'drop' : value === false ? undefined : value;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The test database's URL with the proxy as host, and a password when given (trust auth ignores it). */
export function proxiedUrl(port: number, options: { password?: string; schema?: string } = {}): string {
  const url = new URL(TEST_PG_URL);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  if (options.password) url.password = options.password;
  if (options.schema) url.searchParams.set('options', `-c search_path=${options.schema}`);
  return url.toString();
}

/** Runs `work` with a fresh schema of the test database (directly, not through a proxy), dropped afterwards. */
export async function withPgSchema<T>(prefix: string, work: (schema: string) => Promise<T>): Promise<T> {
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  try {
    return await work(schema);
  } finally {
    const cleanup = new pg.Client({ connectionString: TEST_PG_URL });
    await cleanup.connect();
    await cleanup.query(`drop schema if exists ${schema} cascade`);
    await cleanup.end();
  }
}
