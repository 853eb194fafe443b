/** The CLI calls the REST API with a personal API token: `calm-keys signing-keys list|rotate`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCliCaptured } from './support/cli.js';
import { MASTER, mintSecretKey } from './support/keys.js';
import { signIn, startTestServer } from './support/server.js';

const cli = (args: string[]) => runCliCaptured(args);

test('signing-keys list and rotate through the REST API; refused without a token or with a viewer token', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: 'admin-password-1' } });
  try {
    const cookie = await signIn(t.http, 'admin', 'admin-password-1');
    const token = (await t.http.call('POST', '/auth/v1/tokens', { cookie, body: { name: 'cli' } })).json()
      .token as string;
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

    await t.http.call('POST', '/access/v1/users', {
      cookie,
      body: { username: 'viewer', password: 'viewer-password-1' },
    });
    const viewer = await signIn(t.http, 'viewer', 'viewer-password-1');
    const viewerToken = (await t.http.call('POST', '/auth/v1/tokens', { cookie: viewer, body: { name: 'cli' } })).json()
      .token as string;
    const refused = await cli(['signing-keys', 'rotate', ...server, '--token', viewerToken]);
    assert.match(refused.err, /do not allow "system.signing_key.manage"/);
    assert.ok(!`${listed.out}${rotated.out}${refused.err}`.includes(token), 'the token is never printed');
  } finally {
    await t.close();
  }
});

test('signing-keys rotate --force while a rotated-in key is pending: the leaked key and its tokens are dead at once, a new key signs, audited', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: 'admin-password-1' }, start: { demo: false } });
  try {
    const cookie = await signIn(t.http, 'admin', 'admin-password-1');
    const token = (await t.http.call('POST', '/auth/v1/tokens', { cookie, body: { name: 'cli' } })).json()
      .token as string;
    const server = ['--url', t.server.url, '--ca', t.server.caFile!, '--token', token];
    // the read needs metrics.read and hm.read together (SAP's pair), before its tenant is looked up
    const { key } = await mintSecretKey(t.server, {
      scopes: [`${MASTER}.calm-api.metrics.read`, `${MASTER}.calm-api.hm.read`, 'uaa.resource'],
    });
    const accessToken = async () => {
      const res = await t.http.call('POST', '/oauth/token', {
        rawBody: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: key.uaa.clientid!,
          client_secret: key.uaa.clientsecret!,
        }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(res.status, 200, res.text);
      const jwt = res.json().access_token as string;
      return { jwt, kid: (JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid };
    };
    // The key's zone has no Cloud ALM tenant: the API answers alm.no_tenant once the signature has verified.
    const verifies = async (jwt: string) => {
      const res = await t.http.call('GET', '/api/calm-metrics/v1/metrics', { token: jwt });
      return res.json().error.code === 'alm.no_tenant' ? true : `${res.status} ${res.text}`;
    };

    const leaked = await accessToken();
    assert.equal(await verifies(leaked.jwt), true, 'precondition: the token verifies');
    assert.equal((await cli(['signing-keys', 'rotate', ...server])).code, 0);
    const pending = (await t.http.call('GET', '/xsuaa/v1/signing-keys', { token }))
      .json()
      .keys.find((k: { state: string }) => k.state === 'pending').kid as string;

    const forced = await cli(['signing-keys', 'rotate', '--force', ...server]);
    assert.equal(forced.code, 0, forced.err);
    const kid = /new signing key (default-jwt-key-[0-9a-f]{10}): published and signing now/.exec(forced.out)?.[1];
    assert.ok(kid, forced.out);
    for (const retired of [leaked.kid, pending])
      assert.match(forced.out, new RegExp(`retired ${retired}: tokens it signed no longer verify`));

    const listed = await cli(['signing-keys', 'list', ...server]);
    assert.deepEqual(
      listed.out
        .trim()
        .split('\n')
        .map((line) => line.split(/\s+/).slice(0, 2)),
      [[kid, 'active']],
      'one key published: at most two',
    );
    assert.deepEqual(
      ((await t.http.call('GET', '/token_keys')).json().keys as { kid: string }[]).map((k) => k.kid),
      [kid],
    );
    assert.match(
      String(await verifies(leaked.jwt)),
      /^401 .*no longer\) published/,
      'a token of the leaked key is refused at once',
    );
    const fresh = await accessToken();
    assert.equal(fresh.kid, kid, 'the new key signs at once');
    assert.equal(await verifies(fresh.jwt), true);

    const events = (await t.http.call('GET', '/audit/v1/events?action=xsuaa.signing_key.rotated', { token })).json()
      .events as {
      actor: { name: string };
      details: { kid: string; forced: boolean; retiredKid: string; retiredKids: string[] };
    }[];
    const audited = events.find((e) => e.details.kid === kid)!;
    assert.equal(audited.actor.name, 'admin');
    assert.deepEqual(
      [audited.details.forced, audited.details.retiredKid, [...audited.details.retiredKids].sort()],
      [true, leaked.kid, [leaked.kid, pending].sort()],
    );
  } finally {
    await t.close();
  }
});
