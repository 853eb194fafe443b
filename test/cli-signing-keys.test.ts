/** The CLI calls the REST API with a personal API token: `calm-keys signing-keys list|rotate`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCliCaptured } from './support/cli.js';
import { signIn, startTestServer } from './support/server.js';

const cli = (args: string[]) => runCliCaptured(args);

test('signing-keys list and rotate through the REST API; refused without a token or with a viewer token', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: 'admin-password-1' } });
  try {
    const cookie = await signIn(t.http, 'admin', 'admin-password-1');
    const token = (await t.http.call('POST', '/auth/v1/tokens', { cookie, body: { name: 'cli' } })).json().token as string;
    const server = ['--url', t.server.url, '--ca', t.server.caFile!];

    const listed = await cli(['signing-keys', 'list', ...server, '--token', token]);
    assert.equal(listed.code, 0, listed.err);
    assert.match(listed.out, /^default-jwt-key-[0-9a-f]{10}\s+active/m);

    const rotated = await cli(['signing-keys', 'rotate', ...server, '--token', token]);
    assert.equal(rotated.code, 0, rotated.err);
    assert.match(rotated.out, /new signing key default-jwt-key-[0-9a-f]{10}: published now, signs from/);
    const again = await cli(['signing-keys', 'rotate', ...server, '--token', token]);
    assert.equal(again.code, 2);
    assert.match(again.err, /already waiting to activate/);

    const noToken = await cli(['signing-keys', 'list', ...server]);
    assert.match(noToken.err, /No API token/);

    await t.http.call('POST', '/access/v1/users', { cookie, body: { username: 'viewer', password: 'viewer-password-1' } });
    const viewer = await signIn(t.http, 'viewer', 'viewer-password-1');
    const viewerToken = (await t.http.call('POST', '/auth/v1/tokens', { cookie: viewer, body: { name: 'cli' } })).json().token as string;
    const refused = await cli(['signing-keys', 'rotate', ...server, '--token', viewerToken]);
    assert.match(refused.err, /do not allow "system.signing_key.manage"/);
    assert.ok(!`${listed.out}${rotated.out}${refused.err}`.includes(token), 'the token is never printed');
  } finally {
    await t.close();
  }
});
