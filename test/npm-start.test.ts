/**
 * The README's start command and the published CLI on the Node.js line this suite runs on: `npm start`
 * (build when stale, then serve on the embedded defaults) answers /healthz over HTTPS with the generated CA,
 * and `npx calm-keys` runs. `.ci/run` runs this file on every tested line (scripts/ci-node-line.sh), so each
 * line starts the real product once, built by that line's npm.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const fixture = join(root, 'src/service-key/fixtures/local-binding-secret.json');

function getOverHttps(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request(url, { ca, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
      res.on('error', fail);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', fail);
    req.end();
  });
}

test(`npm start serves and npx calm-keys runs on Node ${process.version}`, { timeout: 420_000 }, async (t) => {
  // The child processes find `node` on PATH: it must be the runtime of this suite, or another line is tested.
  const pathNode = execFileSync('node', ['--version'], { encoding: 'utf8' }).trim();
  assert.equal(pathNode, process.version, 'the node on PATH is the runtime the suite runs on');

  const dataDir = mkdtempSync(join(tmpdir(), 'calm-keys-start-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));

  const server = spawn('npm', ['start'], {
    cwd: root,
    detached: true, // its own process group: npm, sh and the server stop together
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      CALM_KEYS_PORT: '0',
      CALM_KEYS_MTLS_PORT: '0',
      CALM_KEYS_DATA_DIR: dataDir,
      CALM_KEYS_LOG_LEVEL: 'warn',
    },
  });
  let output = '';
  server.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  server.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((done) => server.on('exit', (code) => done(code)));
  t.after(async () => {
    if (server.exitCode === null) {
      try {
        process.kill(-server.pid!, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await exited;
    }
  });

  const url = await new Promise<string>((done, fail) => {
    const poll = setInterval(() => {
      const match = /listening on (https:\/\/[^\s]+)/.exec(output);
      if (match) {
        clearInterval(poll);
        done(match[1]!);
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(poll);
      fail(new Error(`npm start exited with ${code} before listening:\n${output}`));
    });
  });

  const ca = readFileSync(join(dataDir, 'tls', 'ca.pem'), 'utf8');
  const health = await getOverHttps(`${url}/healthz`, ca);
  assert.equal(health.status, 200, health.body);

  const validate = execFileSync('npx', ['calm-keys', 'key', 'validate', fixture, '--json'], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.ok(JSON.parse(validate), 'npx calm-keys key validate prints its JSON report');

  process.kill(-server.pid!, 'SIGTERM');
  await exited;
});
