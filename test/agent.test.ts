/**
 * The reference data collector end to end: `calm-keys agent push` (the real CLI in a child process) obtains
 * a token with a downloaded service key and pushes sample metrics that read back through the API; with a
 * key deleted in BTP it stops at once with the token server's refusal and exit code 1; a push whose attempts run
 * out is a failed run too (exit 1).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { startTestServer } from './support/server.js';
import { ADMIN_PASSWORD, monitoredSystemWithKey, tokenFor } from './support/landscape.js';
import { calmKeysCommand } from './support/calm-keys-command.js';

const run = promisify(execFile);

async function agent(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const [program, ...leading] = calmKeysCommand();
    const { stdout, stderr } = await run(program!, [...leading, 'agent', 'push', ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('agent push: token from the key, two pushes that read back; a deleted key stops it with exit 1', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD }, start: { demo: false } });
  try {
    const { cookie, service, key, file } = await monitoredSystemWithKey(t);

    const ok = await agent([
      '--key',
      file,
      '--service',
      service,
      '--count',
      '2',
      '--interval',
      '1',
      '--ca',
      t.server.caFile!,
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout.match(/push \d: 3 data points accepted/g)?.length, 2, ok.stdout);
    assert.ok(!`${ok.stdout}${ok.stderr}`.includes(key.secret), 'no secret printed');

    const token = await tokenFor(t, key.keyText);
    const read = await t.http.call(
      'GET',
      `/api/calm-metrics/v1/metrics?provider=hm&format=calm-keys-json&serviceId=${service}&metrics=availability`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    assert.equal(read.json().points.length, 2);
    assert.equal(read.json().points[0].attributes['service.name'], `calm-keys-agent/${service}`);

    // a push whose attempts run out (nothing listens at endpoints.Api) is a failed run: exit 1, not 0
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise((done) => closed.close(done));
    const nowhere = join(dirname(file), 'nowhere.txt');
    writeFileSync(
      nowhere,
      JSON.stringify({ ...JSON.parse(key.keyText), endpoints: { Api: `https://127.0.0.1:${closedPort}/api` } }),
      { mode: 0o600 },
    );
    const gaveUp = await agent([
      '--key',
      nowhere,
      '--service',
      service,
      '--count',
      '1',
      '--attempts',
      '2',
      '--ca',
      t.server.caFile!,
    ]);
    assert.equal(gaveUp.code, 1, gaveUp.stdout + gaveUp.stderr);
    assert.match(gaveUp.stderr, /push 1 failed: gave up after 2 attempts: connection to 127\.0\.0\.1:\d+ refused/);
    assert.match(gaveUp.stderr, /1 push\(es\) failed/);

    assert.equal(
      (await t.http.call('DELETE', `/v1/service_bindings/${key.bindingId}?async=false`, { cookie })).status,
      200,
    );
    const refused = await agent(['--key', file, '--service', service, '--count', '1', '--ca', t.server.caFile!]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /refused the client credentials/);
    assert.equal(
      refused.stderr.match(/refused the client credentials/g)?.length,
      2,
      'asked once: the failed push and the reason it stopped',
    );
    assert.doesNotMatch(refused.stderr, /retry/);

    const usage = await agent(['--key', join(tmpdir(), 'no-such-key.json'), '--service', service]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /no such file/);
  } finally {
    await t.close();
  }
});
