import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createSecretBox } from './envelope.js';
import { isDomainError } from '../shared/index.js';

const secret = '6f1c2a9e-0d4b-4e57-8a1f-3c9b7d2e5a10$Zk3vQ8uT1nR4yW7pL2sX9cF6hJ0mB5dA8eG3kN1qV4o';

test('sealed text round-trips and does not contain the plaintext', () => {
  const box = createSecretBox(randomBytes(32));
  const sealed = box.seal(secret, 'lm_slot:t1');
  assert.ok(!sealed.includes(secret));
  assert.ok(!sealed.includes('Zk3vQ8uT'));
  assert.match(sealed, /^ck1\.[0-9a-f]{16}\./);
  assert.equal(box.openText(sealed, 'lm_slot:t1'), secret);
});

test('each seal uses a fresh data key and IV, so equal plaintexts give different ciphertexts', () => {
  const box = createSecretBox(randomBytes(32));
  assert.notEqual(box.seal(secret), box.seal(secret));
});

test('a ciphertext moved to another context does not open', () => {
  const box = createSecretBox(randomBytes(32));
  const sealed = box.seal(secret, 'lm_slot:t1');
  assert.throws(
    () => box.open(sealed, 'lm_slot:t2'),
    (e) => isDomainError(e) && e.code === 'crypto.undecryptable',
  );
});

test('another master key cannot open it and says which key sealed it', () => {
  const sealed = createSecretBox(randomBytes(32)).seal(secret);
  assert.throws(() => createSecretBox(randomBytes(32)).open(sealed), /sealed under master key/);
});

test('tampering with any byte is detected', () => {
  const box = createSecretBox(randomBytes(32));
  const sealed = box.seal(secret);
  const last = sealed.at(-1) === 'A' ? 'B' : 'A';
  assert.throws(() => box.open(sealed.slice(0, -1) + last));
});

test('a master key of the wrong length is refused with a clear message', () => {
  assert.throws(() => createSecretBox(randomBytes(16)), /must be 32 bytes, not 16/);
});

test('fingerprints are stable per master key, differ across master keys, and do not contain the secret', () => {
  const key = randomBytes(32);
  const a = createSecretBox(key);
  assert.equal(a.fingerprint(secret), createSecretBox(key).fingerprint(secret));
  assert.notEqual(a.fingerprint(secret), createSecretBox(randomBytes(32)).fingerprint(secret));
  assert.notEqual(a.fingerprint(secret), a.fingerprint(`${secret}x`));
  assert.ok(!a.fingerprint(secret).includes('Zk3vQ8uT'));
});
