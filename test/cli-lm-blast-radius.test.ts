/**
 * `calm-keys lm key delete | deleted | restore` against the real server (issue 17): delete shows the blast radius
 * and refuses a key used in the last 24 h without --force (exit 1); deleted lists it without its secret; restore
 * puts it back, byte for byte; restore into a full slot is refused (exit 1).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCliCaptured } from './support/cli.js';
import { signIn, startTestServer } from './support/server.js';
import { ADMIN_PASSWORD, slotPath, tokenFor } from './support/landscape.js';

const cli = (args: string[]) => runCliCaptured(args);

test('lm key delete shows the blast radius and needs --force for a recently used key; deleted; restore', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  try {
    const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const token = (await t.http.call('POST', '/auth/v1/tokens', { cookie, body: { name: 'cli' } })).json()
      .token as string;
    const server = ['--url', t.server.url, '--ca', t.server.caFile!, '--token', token];
    const tenantId = (await t.http.call('GET', '/lm/v1/tenants', { cookie })).json().items[0].tenantId as string;
    const tenant = ['--tenant', tenantId];
    const keyText = (await t.http.call('GET', `${slotPath(tenantId)}/download`, { cookie })).text;
    const secret = JSON.parse(keyText).uaa.clientsecret as string;

    // a managed service obtains a token with the key: used in the last 24 h
    await tokenFor(t, keyText);
    const refused = await cli(['lm', 'key', 'delete', ...tenant, '--confirm', ...server]);
    assert.equal(refused.code, 1, refused.out + refused.err);
    assert.match(refused.out, /blast radius of "demo-calm"/);
    assert.match(refused.out, /(127\.0\.0\.1|::1)\s+1 token requests, 0 API calls/);
    assert.match(refused.out, /USED IN THE LAST 24 HOURS: token request from/);
    assert.match(refused.out, /--force/);
    assert.equal((await t.http.call('GET', slotPath(tenantId), { cookie })).json().slot, 'filled');

    const forced = await cli(['lm', 'key', 'delete', ...tenant, '--force', ...server]);
    assert.equal(forced.code, 0, forced.out + forced.err);
    assert.match(forced.out, /deleted the key from Landscape Management/);

    const listed = await cli(['lm', 'key', 'deleted', ...tenant, ...server]);
    assert.equal(listed.code, 0, listed.err);
    assert.match(listed.out, /demo-calm/);
    assert.match(listed.out, /admin/);
    assert.ok(!listed.out.includes(secret), 'no secret in the list');

    const restored = await cli(['lm', 'key', 'restore', ...tenant, ...server]);
    assert.equal(restored.code, 0, restored.out + restored.err);
    assert.match(restored.out, /restored "demo-calm"/);
    assert.equal((await t.http.call('GET', `${slotPath(tenantId)}/download`, { cookie })).text, keyText);
    const none = await cli(['lm', 'key', 'restore', ...tenant, ...server]);
    assert.equal(none.code, 1, none.out + none.err);
    assert.match(none.out, /refused: .*no key deleted/);
    const empty = await cli(['lm', 'key', 'deleted', ...tenant, ...server]);
    assert.match(empty.out, /no key deleted in the last 7 days/);
  } finally {
    await t.close();
  }
});
