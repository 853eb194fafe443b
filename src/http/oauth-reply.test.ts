import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { DomainError } from '../shared/index.js';
import { STORE_ERRORS } from '../store/index.js';
import { tokenEndpointErrorHandler } from './oauth-reply.js';

async function answerTo(error: Error) {
  const app = Fastify();
  app.setErrorHandler(tokenEndpointErrorHandler);
  app.post('/oauth/token', async () => {
    throw error;
  });
  try {
    const res = await app.inject({ method: 'POST', url: '/oauth/token' });
    return { status: res.statusCode, retryAfter: res.headers['retry-after'], body: res.json() as { error: string } };
  } finally {
    await app.close();
  }
}

test('the token endpoint answers an unreachable database 503 server_error with Retry-After, as every other route does', async () => {
  const away = new DomainError('unavailable', STORE_ERRORS.unavailable, 'The database cannot be reached.', {
    retryAfterSeconds: 5,
  });
  const answer = await answerTo(away);
  assert.equal(answer.status, 503);
  assert.equal(answer.retryAfter, '5');
  assert.equal(answer.body.error, 'server_error');
});

test('an unexpected failure of the token endpoint is 500 server_error without Retry-After', async () => {
  const answer = await answerTo(new Error('boom'));
  assert.equal(answer.status, 500);
  assert.equal(answer.retryAfter, undefined);
  assert.equal(answer.body.error, 'server_error');
});
