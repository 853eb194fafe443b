/**
 * Runs `calm-keys serve` as a child process (the built CLI, or tsx when dist/ is stale: calm-keys-command.ts; port 0, a fresh data directory), for tests that must see
 * whether the process itself survives: an unhandled 'error' event ends a process, which an in-process test
 * server would only report as a failed test. Also sends raw HTTP/1.1 bytes over TLS, so that a test controls
 * exactly what reaches the server (a GET with a body, a Content-Length that is never met).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import pg from 'pg';
import { TEST_PG_URL } from '../../src/store/test-support/databases.js';
import { calmKeysCommand } from './calm-keys-command.js';
import { httpClient, type HttpClient, type TestServer } from './server.js';

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly url: URL;
  readonly mtlsUrl: URL | undefined;
  readonly ca: string;
  readonly dataDir: string;
  /** Exit code or signal once the process has ended, else undefined. */
  exited(): string | undefined;
  /** What the process wrote on stderr (an unhandled error's stack ends up here). */
  stderr(): string;
  stop(): Promise<void>;
}

export async function startServeProcess(env: Record<string, string> = {}): Promise<ServeProcess> {
  // a second process of the same installation is given the first one's data directory (its master key)
  const dataDir = env.CALM_KEYS_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'calm-keys-proc-'));
  const [program, ...leading] = calmKeysCommand();
  const child = spawn(program!, [...leading, 'serve'], {
    env: {
      PATH: process.env.PATH ?? '',
      CALM_KEYS_DATA_DIR: dataDir,
      CALM_KEYS_PORT: '0',
      CALM_KEYS_MTLS_PORT: '0',
      CALM_KEYS_LOG_LEVEL: 'warn',
      CALM_KEYS_ADMIN_PASSWORD: 'process-test-password-1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let exit: string | undefined;
  child.stdout!.on('data', (chunk: Buffer) => void (out += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => void (err += chunk.toString('utf8')));
  const ended = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => ((exit = String(code ?? signal)), resolve())),
  );
  const deadline = Date.now() + 90_000;
  while (!/health: /.test(out)) {
    if (exit !== undefined) throw new Error(`calm-keys serve exited (${exit}) before listening:\n${err}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`calm-keys serve did not start within 90 s:\n${out}\n${err}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const url = new URL(/listening on (\S+)/.exec(out)![1]!);
  const mtls = /mTLS \(x509 keys\): (\S+)\/oauth\/token/.exec(out)?.[1];
  return {
    child,
    url,
    mtlsUrl: mtls ? new URL(mtls) : undefined,
    ca: readFileSync(join(dataDir, 'tls', 'ca.pem'), 'utf8'),
    dataDir,
    exited: () => exit,
    stderr: () => err,
    async stop() {
      if (exit === undefined) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await ended;
      clearTimeout(timer);
    },
  };
}

/**
 * Runs `work` with the URL of a fresh PostgreSQL schema of the test database (its `search_path`), dropped
 * afterwards: what several processes on one database share.
 */
export async function withPostgresSchema<T>(work: (databaseUrl: string) => Promise<T>): Promise<T> {
  const schema = `it_${randomBytes(6).toString('hex')}`;
  const admin = async (query: string) => {
    const c = new pg.Client({ connectionString: TEST_PG_URL });
    await c.connect();
    await c.query(query);
    await c.end();
  };
  await admin(`create schema ${schema}`);
  const url = new URL(TEST_PG_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  try {
    return await work(url.toString());
  } finally {
    await admin(`drop schema if exists ${schema} cascade`);
  }
}

/** Two `calm-keys serve` processes of one installation on one database, and an HTTP client of each. */
export interface ProcessPair {
  readonly a: ServeProcess;
  readonly b: ServeProcess;
  readonly httpA: HttpClient;
  readonly httpB: HttpClient;
}

/**
 * Starts A, then B with A's data directory (its master key, created by A's first start) on `databaseUrl`,
 * both with `env`; runs `work`; closes the clients and stops both processes whatever `work` did.
 */
export async function withProcessPair<T>(
  databaseUrl: string,
  env: Record<string, string>,
  work: (pair: ProcessPair) => Promise<T>,
): Promise<T> {
  const processes: ServeProcess[] = [];
  const clients: HttpClient[] = [];
  try {
    const a = await startServeProcess({ ...env, DATABASE_URL: databaseUrl });
    processes.push(a);
    const b = await startServeProcess({ ...env, DATABASE_URL: databaseUrl, CALM_KEYS_DATA_DIR: a.dataDir });
    processes.push(b);
    const httpA = httpClient(a.url.origin, a.ca);
    const httpB = httpClient(b.url.origin, b.ca);
    clients.push(httpA, httpB);
    return await work({ a, b, httpA, httpB });
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(processes.map((p) => p.stop()));
  }
}

/**
 * A child process seen through `http` as the helpers of test/support/landscape.ts and sm-v1.ts take a server:
 * they call it over HTTP only (`t.http`); anything else of an in-process server is absent and fails if read.
 */
export function overHttp(http: HttpClient): TestServer {
  return { http } as unknown as TestServer;
}

export interface RawAnswer {
  /** The status code of the first answer, or undefined when the connection ended without one. */
  readonly status: number | undefined;
  readonly text: string;
}

/**
 * Sends `head` (request line and headers, without the blank line) and `body` over one TLS connection, then a
 * pipelined `GET /healthz` with Connection: close, and reads until the server closes the connection or
 * `waitMs` passes. The second request makes the server read the first body to its end, as a keep-alive
 * client would, instead of dropping it with the connection.
 */
export function rawRequest(
  target: URL,
  ca: string,
  head: string,
  body: Buffer | string = '',
  waitMs = 5_000,
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    let text = '';
    const socket = connect({ host: target.hostname, port: Number(target.port), ca, servername: 'localhost' });
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      resolve({ status: status ? Number(status) : undefined, text });
    };
    const timer = setTimeout(done, waitMs);
    socket.on('secureConnect', () => {
      socket.write(`${head}\r\n\r\n`);
      socket.write(body);
      socket.write(`GET /healthz HTTP/1.1\r\nhost: ${target.host}\r\nconnection: close\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => void (text += chunk.toString('latin1')));
    socket.on('error', done);
    socket.on('close', done);
  });
}
