/**
 * Signing-key rotation over the REST API (the CLI's path) lands in the audit log with the person who asked,
 * and neither the audit log nor the server log carries key material.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, startTestServer } from './support/server.js';

test('a rotation through /xsuaa/v1/signing-keys/rotate is audited with the actor and without key material', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: 'admin-password-1' } });
  try {
    const cookie = await signIn(t.http, 'admin', 'admin-password-1');
    const token = (await t.http.call('POST', '/auth/v1/tokens', { cookie, body: { name: 'cli' } })).json()
      .token as string;
    const rotated = await t.http.call('POST', '/xsuaa/v1/signing-keys/rotate', { token, body: {} });
    assert.equal(rotated.status, 201, rotated.text);
    const { kid, activatesAt } = rotated.json() as { kid: string; activatesAt: string };

    const listed = await t.http.call('GET', '/audit/v1/events?action=xsuaa.signing_key.rotated', { token });
    const events = listed.json().events as {
      actor: { type: string; name: string };
      target: { type: string; id: string };
      outcome: string;
      details: unknown;
    }[];
    assert.equal(events.length, 1);
    assert.equal(events[0]!.actor.type, 'user');
    assert.equal(events[0]!.actor.name, 'admin');
    assert.deepEqual([events[0]!.outcome, events[0]!.target], ['success', { type: 'signing_key', id: kid }]);
    assert.deepEqual(events[0]!.details, { kid, activatesAt, forced: false, retiredKid: null, retiredKids: [] });

    const first = await t.http.call('GET', '/audit/v1/events?action=xsuaa.signing_key.created', { token });
    assert.equal(first.json().events[0].actor.type, 'system', 'the first key, made at start-up, is audited too');

    // No key material anywhere: not the public modulus, not the sealed or the plain private key.
    const published = (await t.http.call('GET', '/token_keys')).json().keys as { n: string; value: string }[];
    const rows = await t.server.store.db.selectFrom('signing_keys').select('private_key_sealed').execute();
    const audit = (await t.http.call('GET', '/audit/v1/events?limit=1000', { token })).text;
    const logs = t.logs.join('');
    for (const text of [audit, logs]) {
      assert.ok(!/PRIVATE KEY|PUBLIC KEY/.test(text));
      for (const key of published) assert.ok(!text.includes(key.n.slice(0, 32)), 'modulus');
      for (const row of rows) assert.ok(!text.includes(row.private_key_sealed.slice(-32)), 'sealed private key');
    }
  } finally {
    await t.close();
  }
});
