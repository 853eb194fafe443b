import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError, fixedClock, isDomainError } from '../shared/index.js';
import { STORE_ERRORS } from '../store/index.js';
import { SignJWT } from 'jose';
import type { PublishedKey } from './signing-key-states.js';
import type { SigningKeys } from './signing-keys.js';
import { XSUAA_ERRORS } from './errors.js';
import { createTokenVerifier } from './verifier.js';

const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k1' })).toString('base64url');
const token = `${header}.e30.c2ln`;
const verifierWith = (published: SigningKeys['published']) =>
  createTokenVerifier({
    signingKeys: { published } as unknown as SigningKeys,
    clock: fixedClock(new Date('2026-12-01T00:00:00Z')),
    issuerBase: () => 'https://localhost:8443',
  });

test('a token checked while the signing keys cannot be read is store.unavailable (503), not an invalid token', async () => {
  const away = new DomainError('unavailable', STORE_ERRORS.unavailable, 'The database cannot be reached right now.', {
    retryAfterSeconds: 5,
  });
  const verifier = verifierWith(async () => {
    throw away;
  });
  await assert.rejects(verifier.verifyAccessToken(token), (error) => error === away);
});

test('a token that does not verify against the published keys is still token.invalid', async () => {
  const verifier = verifierWith(async () => []);
  await assert.rejects(
    verifier.verifyAccessToken(token),
    (error) => isDomainError(error) && error.kind === 'unauthenticated',
  );
});

/** A published key of its own and a token it signed, for the tests of the remembered tokens. */
async function signedToken(kid: string, claims: Record<string, unknown> = {}) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = {
    kid,
    state: 'active',
    activatesAt: '2026-11-01T00:00:00.000Z',
    retiresAt: null,
    jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' },
    pem: '',
  } as PublishedKey;
  const now = Math.floor(new Date('2026-12-01T00:00:00Z').getTime() / 1000);
  const jwt = await new SignJWT({ zid: 'zone-1', cid: 'client-1', scope: ['app.read'], aud: ['app'], ...claims })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer('https://localhost:8443/oauth/token')
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(privateKey);
  return { key, jwt };
}

test('a remembered token still needs its key published: refused once the key set loses it, 503 while the keys cannot be read', async () => {
  const { key, jwt } = await signedToken('k-remembered');
  const other = await signedToken('k-other');
  let published: readonly PublishedKey[] | Error = [key];
  let reads = 0;
  const verifier = verifierWith(async () => {
    reads += 1;
    if (published instanceof Error) throw published;
    return published as PublishedKey[];
  });
  assert.equal((await verifier.verifyAccessToken(jwt)).clientId, 'client-1');
  const again = await verifier.verifyAccessToken(jwt, { audience: 'app', requiredScopes: ['app.read'] });
  assert.deepEqual(
    [again.clientId, again.zoneId, again.scopes, again.audience],
    ['client-1', 'zone-1', ['app.read'], ['app']],
  );
  assert.equal(reads, 2, 'each call asks for the published keys, remembered token or not');

  // the database is away: a remembered token is not answered from memory
  const away = new DomainError('unavailable', STORE_ERRORS.unavailable, 'The database cannot be reached right now.');
  published = away;
  await assert.rejects(verifier.verifyAccessToken(jwt), (error) => error === away);

  // another key set (its key retired, another published): the remembered token is checked again and refused
  published = [other.key];
  await assert.rejects(
    verifier.verifyAccessToken(jwt),
    (error) => isDomainError(error) && error.code === XSUAA_ERRORS.token_invalid,
  );
  // and stays refused when its key comes back in a set that is not the one it was remembered with
  published = [key, other.key];
  assert.equal((await verifier.verifyAccessToken(jwt)).clientId, 'client-1', 'verified again against the new set');
  published = [other.key];
  await assert.rejects(
    verifier.verifyAccessToken(jwt),
    (error) => isDomainError(error) && error.kind === 'unauthenticated',
  );
});

test('a remembered token is still checked for audience and scopes on every call', async () => {
  const { key, jwt } = await signedToken('k-claims');
  const verifier = verifierWith(async () => [key]);
  await verifier.verifyAccessToken(jwt);
  await assert.rejects(
    verifier.verifyAccessToken(jwt, { audience: 'elsewhere' }),
    (error) => isDomainError(error) && error.code === XSUAA_ERRORS.token_wrong_audience,
  );
  await assert.rejects(
    verifier.verifyAccessToken(jwt, { requiredScopes: ['app.write'] }),
    (error) => isDomainError(error) && error.code === XSUAA_ERRORS.token_missing_scope,
  );
  await assert.rejects(
    verifier.verifyAccessToken(jwt, { zoneId: 'zone-2' }),
    (error) => isDomainError(error) && error.code === XSUAA_ERRORS.token_wrong_zone,
  );
  // a token differing from a remembered one in its payload is not taken for it
  const [h, , s] = jwt.split('.');
  const forged = `${h}.${Buffer.from(JSON.stringify({ zid: 'zone-1', cid: 'admin', exp: 4e9 })).toString('base64url')}.${s}`;
  await assert.rejects(
    verifier.verifyAccessToken(forged),
    (error) => isDomainError(error) && error.code === XSUAA_ERRORS.token_invalid,
  );
});
