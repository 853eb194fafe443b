/**
 * Benchmark: client-credentials tokens per second from the real server over HTTPS keep-alive connections,
 * next to a raw jose RS256 sign loop (the floor of the work a token costs), and their ratio.
 * The server runs in this process; the load comes from a child process, so each has a core.
 *
 *   npx tsx bench/token.ts [--seconds 10] [--connections 8]
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SignJWT } from 'jose';
import { loadConfig } from '../src/config/index.js';
import { startServer } from '../src/main.js';
import { mintSecretKey } from '../test/support/keys.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const seconds = Number(args.get('seconds') ?? 10);
const connections = Number(args.get('connections') ?? 8);

async function rawSignRate(durationMs: number): Promise<number> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const claims = { sub: 'sb-x!b1|sapcloudalm!b4711', scope: ['a.b.c'], zid: 'z', aud: ['x'] };
  let count = 0;
  const end = Date.now() + durationMs;
  while (Date.now() < end) {
    await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k' })
      .setIssuedAt()
      .setExpirationTime('12h')
      .sign(privateKey);
    count += 1;
  }
  return count / (durationMs / 1000);
}

const dataDir = mkdtempSync(join(tmpdir(), 'calm-keys-bench-'));
const server = await startServer(
  loadConfig(
    {},
    { CALM_KEYS_DATA_DIR: dataDir, CALM_KEYS_PORT: '0', CALM_KEYS_MTLS_PORT: '0', CALM_KEYS_LOG_LEVEL: 'warn' },
  ),
  { announce: { write: () => true } as never },
);
try {
  const { key } = await mintSecretKey(server);
  console.log(
    `token endpoint benchmark: ${seconds} s, ${connections} keep-alive connections, HTTPS, SQLite, RS256 2048`,
  );
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/token-load.ts',
      `${server.url}/oauth/token`,
      server.caFile!,
      key.uaa.clientid!,
      key.uaa.clientsecret!,
      String(seconds),
      String(connections),
    ],
    {
      timeout: (seconds + 60) * 1000,
    },
  );
  const load = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
    ok: number;
    failed: number;
    perSecond: number;
    p50: number;
    p99: number;
  };
  const raw = await rawSignRate(Math.min(seconds, 5) * 1000);
  console.log(
    `endpoint: ${load.perSecond.toFixed(0)} tokens/s (${load.ok} ok, ${load.failed} failed), latency p50 ${load.p50.toFixed(2)} ms, p99 ${load.p99.toFixed(2)} ms`,
  );
  console.log(`raw jose RS256 sign loop (one thread): ${raw.toFixed(0)} signatures/s`);
  console.log(`ratio endpoint / raw signing: ${((load.perSecond / raw) * 100).toFixed(1)} % (target >= 80 %)`);
} finally {
  await server.close();
}
