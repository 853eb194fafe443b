import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { createSecretBox } from '../crypto/index.js';
import { fixedClock, isDomainError } from '../shared/index.js';
import { testDatabaseKinds } from '../store/test-support/databases.js';
import { createSigningKeys } from './signing-keys.js';
import { createTokenVerifier } from './verifier.js';

const HOUR = 3_600_000;
const ISSUER = 'https://localhost:8443';

async function setup() {
  const store = await (await testDatabaseKinds())[0]!.open();
  const clock = fixedClock(new Date('2026-11-23T00:00:00Z'));
  const keys = createSigningKeys({ db: store.db, secrets: createSecretBox(randomBytes(32)), clock, policy: { activationDelayMs: 12 * HOUR, retainMs: 12.5 * HOUR } });
  const verifier = createTokenVerifier({ signingKeys: keys, clock, issuerBase: () => ISSUER });
  async function sign(lifetimeHours = 12) {
    const key = await keys.active();
    const iat = Math.floor(clock.now().getTime() / 1000);
    const token = await new SignJWT({ zid: 'z', cid: 'c', aud: ['c'], scope: [], iss: `${ISSUER}/oauth/token`, iat, exp: iat + lifetimeHours * 3600 })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .sign(key.privateKey);
    return { token, kid: key.kid };
  }
  return { store, clock, keys, verifier, sign };
}

test('rotation: published at once, signs after the delay, the old key verifies through the overlap, then retires', async () => {
  const { store, clock, keys, verifier, sign } = await setup();
  try {
    await keys.ensureKey();
    const rotated = await keys.rotate();
    let published = await keys.published();
    assert.deepEqual(published.map((k) => k.state).sort(), ['active', 'pending']);
    clock.advance(11.9 * HOUR);
    const first = await sign();
    const longLived = await sign(48); // outlives the retain time: shows retirement, not expiry, ends it
    assert.notEqual(first.kid, rotated.kid, 'the new key does not sign before its activation');

    clock.advance(0.1 * HOUR);
    assert.equal((await keys.active()).kid, rotated.kid);
    published = await keys.published();
    assert.deepEqual(published.map((k) => [k.kid, k.state]), [[first.kid, 'previous'], [rotated.kid, 'active']]);
    assert.ok(published.length <= 2, 'at most two keys are published');

    clock.advance(11 * HOUR); // the old token (12 h) is still alive and its key still published
    assert.equal((await verifier.verifyAccessToken(first.token)).clientId, 'c');
    const second = await sign();
    assert.equal(second.kid, rotated.kid);

    assert.equal((await verifier.verifyAccessToken(longLived.token)).clientId, 'c');
    clock.advance(1.6 * HOUR); // past the retain time of the old key
    assert.deepEqual((await keys.published()).map((k) => k.kid), [rotated.kid]);
    await assert.rejects(verifier.verifyAccessToken(longLived.token), (e) => isDomainError(e) && /no longer\) published/.test(e.message));
    assert.equal((await verifier.verifyAccessToken(second.token)).clientId, 'c');
  } finally {
    await store.close();
  }
});

test('rotation is refused while two keys are published, unless forced (which retires the previous key at once)', async () => {
  const { store, clock, keys, verifier, sign } = await setup();
  try {
    await keys.ensureKey();
    const old = await sign();
    await keys.rotate();
    await assert.rejects(keys.rotate(), /already waiting to activate/);
    clock.advance(13 * HOUR);
    await assert.rejects(keys.rotate(), /still verifies tokens until/);
    const forced = await keys.rotate({ force: true });
    assert.deepEqual(forced.retired, [old.kid]);
    assert.equal((await keys.published()).length, 2);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the verifier re-reads keys at most once a second
    await assert.rejects(verifier.verifyAccessToken(old.token), /not \(or no longer\) published|not valid/);
  } finally {
    await store.close();
  }
});

test('private signing keys are stored encrypted', async () => {
  const { store, keys } = await setup();
  try {
    await keys.ensureKey();
    const row = await store.db.selectFrom('signing_keys').select('private_key_sealed').executeTakeFirstOrThrow();
    assert.match(row.private_key_sealed, /^ck1\./);
    assert.ok(!row.private_key_sealed.includes('PRIVATE KEY'));
  } finally {
    await store.close();
  }
});
