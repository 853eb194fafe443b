import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createAuditWriter } from '../audit/index.js';
import { createSecretBox } from '../crypto/index.js';
import { createInProcessFailureCounter, fixedClock } from '../shared/index.js';
import { testDatabaseKinds } from '../store/test-support/databases.js';
import { createVerifiedSecretCache } from './client-auth-cache.js';
import { createClientRegistry } from './clients.service.js';
import { isOAuthError } from './oauth-error.js';
import { createSigningKeys } from './signing-keys.js';
import { createTokenService } from './token.service.js';

const CLIENT_ID = 'sb-calm!b1|sapcloudalm!b4711';

async function setup(enabled = true) {
  const store = await (await testDatabaseKinds())[0]!.open();
  const clock = fixedClock(new Date('2026-11-23T00:00:00Z'));
  const signingKeys = createSigningKeys({
    db: store.db,
    dialect: store.dialect,
    secrets: createSecretBox(randomBytes(32)),
    clock,
    audit: createAuditWriter(clock),
    policy: { activationDelayMs: 3_600_000, retainMs: 3_600_000 },
  });
  await signingKeys.ensureKey();
  const verifiedSecrets = createVerifiedSecretCache({ enabled });
  const registry = createClientRegistry({ clock, verifiedSecrets });
  await registry.createZone(store.db, { id: 'zone-1', subdomain: 'calm-demo', name: 'demo' });
  await registry.createClient(store.db, {
    zoneId: 'zone-1',
    clientId: CLIENT_ID,
    xsappname: 'calm!b1',
    credentialTypes: ['binding-secret'],
    authorities: ['sapcloudalm!b4711.calm-api.metrics.read'],
  });
  const { secret } = await registry.addSecret(store.db, {
    clientId: CLIENT_ID,
    credentialType: 'binding-secret',
    bindingId: 'binding-1',
  });
  const tokens = createTokenService({
    db: store.db,
    clock,
    signingKeys,
    limiter: createInProcessFailureCounter({ limit: 20, windowMs: 60_000 }),
    issuerBase: () => 'https://localhost:8443',
    tokenValiditySeconds: 3600,
    verifiedSecrets,
  });
  // RFC 6749 2.3.1: id and secret form-encoded, so the secret's "$" arrives as %24 and is tried raw and decoded
  const basic = (id: string, value: string) =>
    `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(value)}`).toString('base64')}`;
  const ask = (value: string) =>
    tokens.issue({
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
      url: '/oauth/token',
      authorization: basic(CLIENT_ID, value),
      cfEncodedCredentials: undefined,
      certificate: undefined,
      callerAddress: '192.0.2.1',
    });
  const refusal = async (value: string) => {
    const error = await ask(value).then(
      () => undefined,
      (e: unknown) => e,
    );
    return isOAuthError(error) ? `${error.status} ${error.error}` : String(error);
  };
  return { store, registry, verifiedSecrets, secret, ask, refusal };
}

test('a proven secret is served from the cache: a second token reads no credential row', async () => {
  const { store, verifiedSecrets, secret, ask } = await setup();
  try {
    assert.ok((await ask(secret)).access_token);
    assert.equal(verifiedSecrets.size, 1);
    // behind the cache's back (nothing in calm-keys deletes a credential row): only the cache can still prove it
    await store.db.deleteFrom('client_credentials').execute();
    assert.ok((await ask(secret)).access_token);
  } finally {
    await store.close();
  }
});

test('a wrong secret is never answered from the cache, after a cached success too', async () => {
  const { store, secret, ask, refusal } = await setup();
  try {
    await ask(secret);
    assert.equal(await refusal(`${secret}x`), '401 invalid_client');
    assert.equal(await refusal(secret.slice(0, -1)), '401 invalid_client');
  } finally {
    await store.close();
  }
});

test('revoking the binding or the client makes the next token request fail at once, whatever the cache held', async () => {
  const first = await setup();
  try {
    await first.ask(first.secret);
    await first.registry.revokeBinding(first.store.db, 'binding-1');
    assert.equal(first.verifiedSecrets.size, 0);
    assert.equal(await first.refusal(first.secret), '401 invalid_client');
  } finally {
    await first.store.close();
  }
  const second = await setup();
  try {
    await second.ask(second.secret);
    await second.registry.revokeClient(second.store.db, CLIENT_ID);
    assert.equal(await second.refusal(second.secret), '401 invalid_client');
  } finally {
    await second.store.close();
  }
});

test('switched off (PostgreSQL, where other processes revoke too), nothing is kept and every request asks the database', async () => {
  const { store, verifiedSecrets, secret, ask, refusal } = await setup(false);
  try {
    await ask(secret);
    assert.equal(verifiedSecrets.size, 0);
    await store.db.deleteFrom('client_credentials').execute();
    assert.equal(await refusal(secret), '401 invalid_client');
  } finally {
    await store.close();
  }
});

test('an answer read before a revocation is not kept; keys name client and secret together and reveal neither', () => {
  const cache = createVerifiedSecretCache({ enabled: true });
  const verified = { client: {} as never, credentialId: 'c1' };
  const readIn = cache.generation();
  cache.changed(); // a revocation while the database read was under way
  cache.put(cache.keyOf('a', 's'), verified, readIn, 0, null);
  assert.equal(cache.size, 0);
  cache.put(cache.keyOf('a', 's'), verified, cache.generation(), 0, null);
  assert.equal(cache.get(cache.keyOf('a', 's'), 1)?.credentialId, 'c1');
  assert.equal(cache.get(cache.keyOf('a', 's'), 5 * 60_000), undefined, 'an entry lives 5 minutes at most');
  assert.notEqual(cache.keyOf('a', 'bs'), cache.keyOf('ab', 's'));
  assert.ok(!cache.keyOf('a', 'secret-value').includes('secret-value'));
});
