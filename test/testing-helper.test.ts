/**
 * calm-keys/testing (src/testing/) against the real server started as a child process, as a user's test suite
 * would use it: the seed shape, a seeded key's fixed secret gets a token the Cloud ALM API accepts, an
 * injected 503 reaches the one client it names, `clock.advance` makes the token expire, and stop() ends the
 * process and removes its temporary files. Runs the CLI from source (tsx); the published default (bin/ of the
 * package) is what the examples/ project runs from the packed tarball.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { startCalmKeys } from '../src/testing/index.js';

const FROM_SOURCE = [process.execPath, '--import', 'tsx', 'src/cli/main.ts'];
const SECRET = 'ci-fixed-secret-0123456789';

const seed = {
  subaccounts: [
    {
      name: 'acme',
      subdomain: 'acme-calm',
      region: 'eu10',
      cloudAlm: { provisionedOn: '2024-01-15' },
      // two instances: the bindings of one instance share its OAuth client id, as XSUAA's do
      instances: [
        { name: 'ci-api', bindings: [{ name: 'ci-key', clientsecret: SECRET }] },
        { name: 'other-api', bindings: [{ name: 'other-key' }] },
      ],
    },
  ],
};

test('calm-keys/testing: seeded keys, tokens the API accepts, a fault for one client, the clock, stop', async () => {
  const calm = await startCalmKeys({ seed, serverCommand: FROM_SOURCE });
  let stopped = false;
  try {
    assert.match(calm.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(calm.caFile && existsSync(calm.caFile), 'the CA file to trust');
    const key = calm.keys['ci-key'];
    assert.ok(key, `the seeded key by name; got ${Object.keys(calm.keys).join(', ')}`);
    assert.equal(key.uaa.clientsecret, SECRET, 'the fixed secret of the seed');
    assert.ok(calm.keys['ci-api/ci-key'], 'also by instance and binding');

    const api = `${key.endpoints.Api}/calm-landscape/v1/landscapeObjects`;
    const call = async (token: string) =>
      (await calm.fetch(api, { headers: { authorization: `Bearer ${token}` } })).status;
    const token = await calm.token('ci-key');
    assert.equal(await call(token), 200, 'the Cloud ALM API accepts the token');

    // a 503 at the token endpoint for ci-key only: other-key still gets its token
    await calm.faults.add({ target: 'token', clientId: key.uaa.clientid, status: 503 });
    await assert.rejects(calm.token('ci-key'), /refused client .*: 503/);
    assert.ok(await calm.token('other-key'));
    assert.equal((await calm.faults.list()).length, 1);
    assert.equal(await calm.faults.clear(), 1);
    assert.ok(await calm.token('ci-key'), 'tokens again once the fault is cleared');

    // XSUAA's tokens live 12 h by default: 13 h later this one is expired at the API, a new one works
    const moved = await calm.clock.advance('13h');
    assert.equal(moved.offsetMs, 13 * 3600_000);
    assert.equal(await call(token), 401);
    assert.equal(await call(await calm.token('ci-key')), 200);
    await assert.rejects(calm.tokenAnswer('no-such-key'), /No seeded service key "no-such-key"/);

    await calm.stop();
    stopped = true;
    // the CA lives in the server's temporary data directory (--in-memory): gone with it
    assert.ok(!existsSync(dirname(dirname(calm.caFile!))), 'no temporary directory left behind');
  } finally {
    if (!stopped) await calm.stop();
  }
});

test('calm-keys/testing: a seed the server refuses fails the start with the server’s message', async () => {
  await assert.rejects(
    startCalmKeys({ seed: { subaccounts: [{ name: 'x' }] }, serverCommand: FROM_SOURCE }),
    /ended \(2\) before it was ready:[\s\S]*subaccounts\[0\]/,
  );
});
