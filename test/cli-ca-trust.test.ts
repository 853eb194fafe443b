/**
 * Every CLI command trusts a CA the same way, run as a person runs it (a child process, from a folder that is not
 * the checkout): ./data/tls/ca.pem of the current folder, CALM_KEYS_CA_FILE, NODE_EXTRA_CA_CERTS, without --ca.
 * An untrusted server certificate is not retried, and the message says how to trust it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signIn, startTestServer } from './support/server.js';
import { ADMIN_PASSWORD } from './support/landscape.js';
import { calmKeysCommand } from './support/calm-keys-command.js';

/** `calm-keys ...` in `cwd` with only the given environment (nothing of the test runner's leaks in). */
function calmKeys(
  cwd: string,
  env: Record<string, string>,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const [program, ...leading] = calmKeysCommand();
    execFile(
      program!,
      [...leading, ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        done({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test('lm, key test and agent push trust ./data/tls/ca.pem, CALM_KEYS_CA_FILE and NODE_EXTRA_CA_CERTS without --ca; an untrusted certificate is not retried and says how to trust', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  try {
    const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const token = (await t.http.call('POST', '/auth/v1/tokens', { cookie, body: { name: 'cli' } })).json()
      .token as string;
    const serviceId = /managed service with monitoring on \(id (\S+)\)/.exec(t.announcement())?.[1];
    assert.ok(serviceId, t.announcement());
    const api = { CALM_KEYS_URL: t.server.url, CALM_KEYS_API_TOKEN: token };

    // a folder holding ./data/tls/ca.pem, as the one `npm start` ran in
    const home = mkdtempSync(join(tmpdir(), 'calm-keys-cwd-'));
    mkdirSync(join(home, 'data', 'tls'), { recursive: true });
    copyFileSync(t.server.caFile!, join(home, 'data', 'tls', 'ca.pem'));
    const bare = mkdtempSync(join(tmpdir(), 'calm-keys-bare-'));

    const tenants = await calmKeys(home, api, ['lm', 'tenants']);
    assert.equal(tenants.code, 0, tenants.stderr);
    const tenantId = /^(\S+)\s+demo-calm/m.exec(tenants.stdout)?.[1];
    assert.ok(tenantId, tenants.stdout);
    const downloaded = await calmKeys(home, api, [
      'lm',
      'key',
      'download',
      '--tenant',
      tenantId!,
      '--output',
      'key.txt',
    ]);
    assert.equal(downloaded.code, 0, downloaded.stderr);
    const keyFile = join(home, 'key.txt');

    const fromEnv = await calmKeys(bare, { CALM_KEYS_CA_FILE: t.server.caFile! }, ['key', 'test', keyFile]);
    assert.equal(fromEnv.code, 0, fromEnv.stdout + fromEnv.stderr);
    assert.match(fromEnv.stdout, /^PASS/m);

    const pushedFromDataDir = await calmKeys(home, {}, [
      'agent',
      'push',
      '--key',
      'key.txt',
      '--service',
      serviceId!,
      '--count',
      '1',
    ]);
    assert.equal(pushedFromDataDir.code, 0, pushedFromDataDir.stderr);
    assert.match(pushedFromDataDir.stdout, /push 1: \d+ data points accepted/);
    const pushedFromNodeExtra = await calmKeys(bare, { NODE_EXTRA_CA_CERTS: t.server.caFile! }, [
      'agent',
      'push',
      '--key',
      keyFile,
      '--service',
      serviceId!,
      '--count',
      '1',
    ]);
    assert.equal(pushedFromNodeExtra.code, 0, pushedFromNodeExtra.stderr);

    const untrusted = await calmKeys(bare, {}, [
      'agent',
      'push',
      '--key',
      keyFile,
      '--service',
      serviceId!,
      '--count',
      '1',
    ]);
    assert.equal(untrusted.code, 1, untrusted.stdout + untrusted.stderr);
    assert.doesNotMatch(untrusted.stderr, /retry/, 'a trust failure is not retried');
    assert.match(untrusted.stderr, /certificate is not trusted.*--ca <file> or CALM_KEYS_CA_FILE/);
    const untrustedTest = await calmKeys(bare, {}, ['key', 'test', keyFile]);
    assert.equal(untrustedTest.code, 1);
    assert.match(untrustedTest.stderr, /hint: trust the server's CA with --ca <file> or CALM_KEYS_CA_FILE/);
    const untrustedLm = await calmKeys(bare, api, ['lm', 'tenants']);
    assert.equal(untrustedLm.code, 2);
    assert.match(untrustedLm.stderr, /not trusted.*--ca <file> or CALM_KEYS_CA_FILE/);

    const missing = await calmKeys(bare, { CALM_KEYS_CA_FILE: join(bare, 'no-such-ca.pem') }, ['key', 'test', keyFile]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /CALM_KEYS_CA_FILE names a CA file that does not exist/);
  } finally {
    await t.close();
  }
});
