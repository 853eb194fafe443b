import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { clientErrorHandler } from './client-error.js';

/** Sends raw bytes and reads until the server closes the connection. */
function raw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => void (text += chunk.toString('latin1')));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

// found by test/fuzz-openapi.test.ts: a 16 KiB query string got fastify's own body, not the documented ErrorBody
for (const [name, bytes, status, code] of [
  [
    'an oversized request line',
    `GET /x?q=${'x'.repeat(20_000)} HTTP/1.1\r\nhost: a\r\n\r\n`,
    431,
    'request.headers_too_large',
  ],
  ['bytes that are not HTTP', 'NOT HTTP AT ALL\r\n\r\n', 400, 'request.malformed'],
] as const) {
  test(`${name} is answered ${status} with the REST error shape and a request id`, async () => {
    const app = Fastify({ clientErrorHandler: clientErrorHandler('rest') });
    app.get('/x', async () => ({ ok: true }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const answer = await raw((app.server.address() as AddressInfo).port, bytes);
      assert.match(answer, new RegExp(`^HTTP/1\\.1 ${status} `));
      const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
      assert.equal(body.error.code, code);
      assert.deepEqual(body.error.details, []);
      assert.match(answer, new RegExp(`x-request-id: ${body.error.requestId}\r\n`));
      assert.doesNotMatch(answer, /statusCode/);
    } finally {
      await app.close();
    }
  });
}

test('the mTLS token listener answers with the RFC 6749 error shape', async () => {
  const app = Fastify({ clientErrorHandler: clientErrorHandler('oauth') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const answer = await raw(
      (app.server.address() as AddressInfo).port,
      `GET /?q=${'x'.repeat(20_000)} HTTP/1.1\r\n\r\n`,
    );
    assert.match(answer, /^HTTP\/1\.1 431 /);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    assert.equal(body.error, 'invalid_request');
    assert.equal(typeof body.error_description, 'string');
  } finally {
    await app.close();
  }
});
