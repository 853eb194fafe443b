import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newWebhookSecret, standardWebhookSignature } from './standard-webhooks.js';

// the test vector of the Standard Webhooks reference libraries (standard-webhooks/standard-webhooks, libraries/*/test)
test('signs the Standard Webhooks test vector', () => {
  const signature = standardWebhookSignature(
    'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    'msg_p5jXN8AQM9LWM0D4loKWxJek',
    1614265330,
    '{"test": 2432232314}',
  );
  assert.equal(signature, 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
});

test('a changed body, id or timestamp changes the signature', () => {
  const secret = newWebhookSecret();
  const base = standardWebhookSignature(secret, 'a', 1, '{}');
  assert.notEqual(standardWebhookSignature(secret, 'b', 1, '{}'), base);
  assert.notEqual(standardWebhookSignature(secret, 'a', 2, '{}'), base);
  assert.notEqual(standardWebhookSignature(secret, 'a', 1, '{ }'), base);
});

test('a new secret is whsec_ and the base64 of 32 random bytes', () => {
  const secret = newWebhookSecret();
  assert.match(secret, /^whsec_[A-Za-z0-9+/]+=*$/);
  assert.equal(Buffer.from(secret.slice('whsec_'.length), 'base64').length, 32);
  assert.notEqual(newWebhookSecret(), secret);
});
