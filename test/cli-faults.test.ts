/** `calm-keys faults ...` against the real server with the administrator's personal API token. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCliCaptured } from './support/cli.js';
import { signIn, startTestServer } from './support/server.js';
import { ADMIN_PASSWORD } from './support/landscape.js';
import { mintSecretKey } from './support/keys.js';

const cli = (args: string[]) => runCliCaptured(args);

test('faults add, list, delete, clear; bad options exit 2 before any call; a 503 reaches the token endpoint', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD }, start: { demo: false } });
  try {
    const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const token = (await t.http.call('POST', '/auth/v1/tokens', { cookie, body: { name: 'cli' } })).json()
      .token as string;
    const server = ['--url', t.server.url, '--ca', t.server.caFile!, '--token', token];
    const key = await mintSecretKey(t.server);
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: key.key.uaa.clientid!,
      client_secret: key.key.uaa.clientsecret!,
    }).toString();
    const tokenCall = () =>
      t.http.call('POST', '/oauth/token', {
        rawBody: form,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });

    assert.equal((await cli(['faults', 'list', ...server])).out.trim(), 'no faults');
    for (const bad of [
      ['--status', '503'],
      ['--target', 'token'],
      ['--target', 'token', '--status', '503', '--reset'],
      ['--target', 'tokens', '--reset'],
      ['--target', 'token', '--latency', 'soon'],
      ['--target', 'token', '--reset', '--probability', '2'],
    ]) {
      const run = await cli(['faults', 'add', ...bad, ...server]);
      assert.equal(run.code, 2, `${bad.join(' ')}: ${run.out}`);
    }

    const added = await cli([
      'faults',
      'add',
      '--target',
      'token',
      '--client',
      key.key.uaa.clientid!,
      '--status',
      '503',
      '--for',
      '1h',
      ...server,
    ]);
    assert.equal(added.code, 0, added.err);
    const id = /^fault (\S+): token for client (\S+) answers 503, until /.exec(added.out)?.[1];
    assert.ok(id, added.out);
    assert.equal((await tokenCall()).status, 503);
    const slow = await cli(['faults', 'add', '--target', 'api:calm-metrics/v1', '--latency', '250ms', ...server]);
    assert.match(slow.out, /api:calm-metrics\/v1 delays 250 ms/);

    const listed = await cli(['faults', 'list', ...server]);
    assert.equal(listed.out.trim().split('\n').length, 2, listed.out);
    assert.match(listed.out, new RegExp(`^${id}  token for client`, 'm'));
    const json = JSON.parse((await cli(['faults', 'list', '--json', ...server])).out) as { id: string }[];
    assert.equal(json[0]!.id, id);

    assert.equal((await cli(['faults', 'delete', id!, ...server])).out.trim(), `deleted fault ${id}`);
    assert.equal((await tokenCall()).status, 200);
    const missing = await cli(['faults', 'delete', id!, ...server]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /faults\.not_found|No fault/);
    assert.equal((await cli(['faults', 'clear', ...server])).out.trim(), 'deleted 1 fault');
    assert.equal((await cli(['faults', 'list', ...server])).out.trim(), 'no faults');
  } finally {
    await t.close();
  }
});
