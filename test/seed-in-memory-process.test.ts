/**
 * `calm-keys serve --in-memory --port 0 --seed <file>` as a child process, as a test suite runs it: the last
 * line of the announcement is `calm-keys ready {json}` with the chosen ports and the CA file; the issue's exact
 * seed serves (its fixed secret gets a token); SIGTERM ends it with 0 and its temporary data directory is gone.
 * A bad seed ends the process with exit code 2 before it listens, naming the path.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { httpClient, signIn } from './support/server.js';
import { calmKeysCommand } from './support/calm-keys-command.js';

const ISSUE_SEED = `subaccounts:
  - name: acme
    subdomain: acme-calm
    region: eu10
    cloudAlm: { provisionedOn: 2024-01-15 }
    instances:
      - name: ci-api
        bindings:
          - { name: ci-key, clientsecret: "ci-fixed-secret-0123456789" }
`;
const ADMIN_PASSWORD = 'process-test-password-1';

function serve(seed: string, extraEnv: Record<string, string> = {}) {
  const file = join(mkdtempSync(join(tmpdir(), 'calm-keys-seed-')), 'landscape.yaml');
  writeFileSync(file, seed);
  const [program, ...leading] = calmKeysCommand();
  const child = spawn(program!, [...leading, 'serve', '--in-memory', '--port', '0', '--seed', file], {
    // no CALM_KEYS_DATA_DIR: --in-memory makes its own
    env: {
      PATH: process.env.PATH ?? '',
      CALM_KEYS_LOG_LEVEL: extraEnv.CALM_KEYS_LOG_LEVEL ?? 'warn',
      CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => void (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => void (err += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  exited.finally(() => clearTimeout(timer)).catch(() => undefined);
  return { child, exited, out: () => out, err: () => err };
}

// the two processes start side by side: most of each test is the CLI starting
describe('serve --in-memory --seed as a child process', { concurrency: true }, () => {
  test('serve --in-memory --port 0 --seed: the ready line, a working seeded key, nothing left after SIGTERM', async () => {
    const proc = serve(ISSUE_SEED);
    let ready: { url: string; port: number; mtlsUrl: string; mtlsPort: number; caFile: string; tokenUrl: string };
    try {
      const line = await new Promise<string>((resolve, reject) => {
        const poll = setInterval(() => {
          const found = /^calm-keys ready (.*)$/m.exec(proc.out());
          if (found) resolve(found[1]!);
          if (found || proc.child.exitCode !== null) clearInterval(poll);
          if (!found && proc.child.exitCode !== null) reject(new Error(`exited early:\n${proc.err()}`));
        }, 50);
      });
      ready = JSON.parse(line);
      // the ready line is the last one, after the human lines test/support/serve-process.ts reads
      assert.match(proc.out(), /listening on \S+ .*\n[\s\S]*health: [\s\S]*\ncalm-keys ready \{.*\}\n$/);
      assert.equal(ready.url, `https://127.0.0.1:${ready.port}`);
      assert.ok(ready.port > 0 && ready.mtlsPort > 0 && ready.mtlsPort !== ready.port, line);
      assert.equal(ready.mtlsUrl, `https://localhost:${ready.mtlsPort}`);
      assert.match(proc.out(), /database: sqlite at :memory:\n/);
      assert.ok(existsSync(ready.caFile), 'the CA file is in the temporary data directory');

      const http = httpClient(ready.url, readFileSync(ready.caFile, 'utf8'));
      try {
        assert.equal((await http.call('GET', '/readyz')).status, 200);
        // the issue's seed names no xsappname: the client id is read from the key, as a test would once
        const admin = await signIn(http, 'admin', ADMIN_PASSWORD);
        const listed = (await http.call('GET', '/v1/service_bindings', { cookie: admin })).json();
        const ciKey = (listed.items as { id: string; name: string }[]).find((b) => b.name === 'ci-key')!;
        const key = (await http.call('GET', `/v1/service_bindings/${ciKey.id}`, { cookie: admin })).json().credentials;
        assert.equal(key.uaa.clientsecret, 'ci-fixed-secret-0123456789');
        const issued = await http.call('POST', '/oauth/token', {
          rawBody: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: key.uaa.clientid,
            client_secret: 'ci-fixed-secret-0123456789',
          }).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        assert.equal(issued.status, 200, issued.text);
      } finally {
        await http.close();
      }
    } finally {
      if (proc.child.exitCode === null) proc.child.kill('SIGTERM');
    }
    assert.equal(await proc.exited, 0, proc.err());
    assert.equal(existsSync(dirname(dirname(ready.caFile))), false, 'the temporary data directory is removed');
  });

  test('serve --seed with a bad seed exits 2 before listening, naming the path and the unset variable', async () => {
    const proc = serve(ISSUE_SEED.replace('"ci-fixed-secret-0123456789"', '"${CI_SECRET}"'));
    assert.equal(await proc.exited, 2);
    assert.match(proc.err(), /^error: The seed file \S+landscape\.yaml is invalid: .* \(seed\.invalid\)\n/);
    assert.match(
      proc.err(),
      /\n {2}- subaccounts\[0\]\.instances\[0\]\.bindings\[0\]\.clientsecret: the environment variable CI_SECRET is not set\n/,
    );
    assert.doesNotMatch(proc.out(), /listening on/);
  });

  test('a SIGTERM while the seed is still being applied stops the server once the start has finished: exit 0, nothing left', async () => {
    // x509 bindings make the seeding take a while after the listeners log that they listen
    const slow = ISSUE_SEED.replace(
      '          - { name: ci-key, clientsecret: "ci-fixed-secret-0123456789" }',
      ['ci-key', 'cert-1', 'cert-2', 'cert-3']
        .map((name, i) =>
          i === 0
            ? `          - { name: ${name}, clientsecret: "ci-fixed-secret-0123456789" }`
            : `          - { name: ${name}, credentialType: x509 }`,
        )
        .join('\n'),
    );
    const proc = serve(slow, { CALM_KEYS_LOG_LEVEL: 'info' });
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        if (/Server listening at/.test(proc.out())) {
          clearInterval(poll);
          proc.child.kill('SIGTERM');
          resolve();
        } else if (proc.child.exitCode !== null) {
          clearInterval(poll);
          reject(new Error(`exited early:\n${proc.err()}`));
        }
      }, 5);
    });
    assert.equal(await proc.exited, 0, proc.err());
    assert.match(proc.err(), /Stopped cleanly/);
    const dir = /in memory: nothing is kept; (\S+) /.exec(proc.out())?.[1];
    assert.ok(dir, proc.out());
    assert.equal(existsSync(dir), false, 'the temporary data directory is removed');
  });
});
