import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError, fixedClock, isDomainError } from '../shared/index.js';
import { STORE_ERRORS } from '../store/index.js';
import type { SigningKeys } from './signing-keys.js';
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
