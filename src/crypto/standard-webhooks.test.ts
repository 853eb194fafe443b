import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Webhook } from 'standardwebhooks';
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

test('the reference implementation (standardwebhooks) signs alike and verifies our signature', () => {
  const secret = newWebhookSecret();
  const timestamp = Math.floor(Date.now() / 1000);
  const body = '{"type":"key.uploaded","timestamp":"2026-12-01T10:00:00.000Z","data":{}}';
  const signature = standardWebhookSignature(secret, 'msg_1', timestamp, body);
  assert.equal(new Webhook(secret).sign('msg_1', new Date(timestamp * 1000), body), signature);
  const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
  assert.deepEqual(new Webhook(secret).verify(body, headers), JSON.parse(body));
  assert.throws(() => new Webhook(newWebhookSecret()).verify(body, headers));
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
