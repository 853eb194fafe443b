/**
 * Starts the real calm-keys server for an integration test: HTTPS with its generated local CA, a fresh
 * data directory, SQLite or PostgreSQL (a fresh schema), port 0. Log lines and the start-up announcement
 * are captured so that tests can search them for secrets.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Agent, request } from 'undici';
import { loadConfig, type Flags } from '../../src/config/index.js';
import { startServer, type RunningServer, type StartOptions } from '../../src/main.js';
import { TEST_PG_URL } from '../../src/store/test-support/databases.js';
import { enableResponseCheck } from '../../src/http/contract/response-check.js';

export interface TestServer {
  readonly server: RunningServer;
  readonly dataDir: string;
  readonly logs: string[];
  readonly announcement: () => string;
  readonly http: HttpClient;
  close(): Promise<void>;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body exactly as received (text decoding drops a BOM; these bytes keep it). */
  bytes: Buffer;
  json: () => any;
}

export interface HttpClient {
  call(
    method: string,
    path: string,
    options?: { body?: unknown; rawBody?: string; headers?: Record<string, string>; token?: string; cookie?: string },
  ): Promise<HttpResponse>;
  close(): Promise<void>;
}

export function httpClient(baseUrl: string, caPem: string | undefined): HttpClient {
  const dispatcher = new Agent({ connect: caPem ? { ca: caPem } : {} });
  return {
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      let body: string | undefined = options.rawBody;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] = 'application/json';
      }
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.cookie) headers.cookie = options.cookie;
      const res = await request(`${baseUrl}${path}`, { method: method as 'GET', headers, body, dispatcher });
      const bytes = Buffer.from(await res.body.arrayBuffer());
      const text = bytes.toString('utf8');
      return { status: res.statusCode, headers: res.headers, text, bytes, json: () => JSON.parse(text) };
    },
    close: () => dispatcher.close(),
  };
}

async function createPgSchema(): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const schema = `it_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  const url = new URL(TEST_PG_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

export async function startTestServer(
  options: {
    database?: 'sqlite' | 'postgres';
    flags?: Flags;
    env?: Record<string, string>;
    start?: Omit<StartOptions, 'announce' | 'logDestination'>;
  } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'calm-keys-it-'));
  const pgSchema = options.database === 'postgres' ? await createPgSchema() : undefined;
  const env: Record<string, string> = {
    CALM_KEYS_DATA_DIR: dataDir,
    CALM_KEYS_PORT: '0',
    CALM_KEYS_MTLS_PORT: '0',
    CALM_KEYS_LOG_LEVEL: 'info',
    // no scheduled re-test of a slot in the middle of a test's own steps; a test of the schedule sets an interval
    CALM_KEYS_KEY_RETEST_INTERVAL_SECONDS: 'off',
    ...(pgSchema ? { DATABASE_URL: pgSchema.url } : {}),
    ...options.env,
  };
  const config = loadConfig(options.flags ?? {}, env);
  const logs: string[] = [];
  let announced = '';
  const announce = new Writable({
    write(chunk, _enc, done) {
      announced += String(chunk);
      done();
    },
  });
  // every answer of a declared route is checked against its declaration; close() fails on any mismatch
  const mismatches = enableResponseCheck();
  const server = await startServer(config, {
    ...options.start,
    announce,
    logDestination: { write: (line) => void logs.push(line) },
  });
  const ca = server.caFile ? readFileSync(server.caFile, 'utf8') : undefined;
  const http = httpClient(server.url, ca);
  return {
    server,
    dataDir,
    logs,
    announcement: () => announced,
    http,
    async close() {
      await http.close();
      await server.close();
      await pgSchema?.drop();
      const found = mismatches.splice(0);
      if (found.length > 0)
        throw new Error(
          `answers that do not match their declaration (src/http/routes):\n${found.map((m) => `  ${m.route} ${m.status}: ${m.problem}`).join('\n')}`,
        );
    },
  };
}

/** Signs in through the API and returns the session cookie header value. */
export async function signIn(http: HttpClient, username: string, password: string): Promise<string> {
  const res = await http.call('POST', '/auth/v1/login', { body: { username, password } });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.text}`);
  const setCookie = res.headers['set-cookie'];
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  return first!.split(';')[0]!;
}
