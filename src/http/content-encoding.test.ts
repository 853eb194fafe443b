import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { acceptBinaryBodies, acceptGzipRequestBodies } from './content-encoding.js';
import { replyWithError } from './errors.js';

async function app() {
  const server = Fastify({ bodyLimit: 1024 });
  server.setErrorHandler((error, request, reply) => replyWithError(error, request, reply));
  acceptGzipRequestBodies(server);
  server.post('/echo', async (request) => ({ body: request.body }));
  await server.ready();
  return server;
}

const json = { resourceMetrics: [{ scopeMetrics: [] }] };

test('a gzip body is decompressed before JSON parsing; plain and identity bodies pass unchanged', async () => {
  const server = await app();
  try {
    const gz = await server.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify(json)),
    });
    assert.equal(gz.statusCode, 200, gz.body);
    assert.deepEqual(gz.json().body, json);
    const upper = await server.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json', 'content-encoding': ' GZIP ' },
      payload: gzipSync(JSON.stringify(json)),
    });
    assert.equal(upper.statusCode, 200, upper.body);
    for (const encoding of [undefined, 'identity']) {
      const plain = await server.inject({
        method: 'POST',
        url: '/echo',
        headers: { 'content-type': 'application/json', ...(encoding ? { 'content-encoding': encoding } : {}) },
        payload: JSON.stringify(json),
      });
      assert.equal(plain.statusCode, 200, plain.body);
      assert.deepEqual(plain.json().body, json);
    }
  } finally {
    await server.close();
  }
});

test('the body limit applies to the decompressed size (a small gzip bomb is 413)', async () => {
  const server = await app();
  try {
    const bomb = gzipSync(JSON.stringify({ pad: 'x'.repeat(1_000_000) }));
    assert.ok(bomb.length < 1024, `compressed ${bomb.length} bytes`);
    const res = await server.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: bomb,
    });
    assert.equal(res.statusCode, 413, res.body);
  } finally {
    await server.close();
  }
});

test('binary bodies (OTLP protobuf) arrive as the bytes sent, gzip or not; the limit applies after decompression', async () => {
  const server = Fastify({ bodyLimit: 1024 });
  server.setErrorHandler((error, request, reply) => replyWithError(error, request, reply));
  acceptGzipRequestBodies(server);
  acceptBinaryBodies(server, ['application/x-protobuf']);
  server.post('/bytes', async (request) => ({
    isBuffer: Buffer.isBuffer(request.body),
    hex: (request.body as Buffer).toString('hex'),
  }));
  await server.ready();
  try {
    const bytes = Buffer.from([0x0a, 0x00, 0xff, 0x00]);
    for (const [payload, headers] of [
      [bytes, { 'content-type': 'application/x-protobuf' }],
      [gzipSync(bytes), { 'content-type': 'application/x-protobuf; proto=x', 'content-encoding': 'gzip' }],
    ] as const) {
      const res = await server.inject({ method: 'POST', url: '/bytes', headers, payload });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { isBuffer: true, hex: '0a00ff00' });
    }
    const bomb = gzipSync(Buffer.alloc(1_000_000));
    assert.ok(bomb.length < 1024, `compressed ${bomb.length} bytes`);
    const big = await server.inject({
      method: 'POST',
      url: '/bytes',
      headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' },
      payload: bomb,
    });
    assert.equal(big.statusCode, 413, big.body);
    const corrupt = await server.inject({
      method: 'POST',
      url: '/bytes',
      headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' },
      payload: bytes,
    });
    assert.equal(corrupt.json().error.code, 'request.bad_gzip');
  } finally {
    await server.close();
  }
});

test('corrupt gzip and unknown encodings are 400 naming Content-Encoding', async () => {
  const server = await app();
  try {
    const corrupt = await server.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: JSON.stringify(json),
    });
    assert.equal(corrupt.statusCode, 400, corrupt.body);
    assert.equal(corrupt.json().error.code, 'request.bad_gzip');
    assert.equal(corrupt.json().error.details[0].path, 'Content-Encoding');
    const truncated = gzipSync(JSON.stringify(json)).subarray(0, 12);
    const cut = await server.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: truncated,
    });
    assert.equal(cut.statusCode, 400, cut.body);
    assert.equal(cut.json().error.code, 'request.bad_gzip');
    const br = await server.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json', 'content-encoding': 'br' },
      payload: 'xx',
    });
    assert.equal(br.statusCode, 400, br.body);
    assert.equal(br.json().error.code, 'request.unsupported_encoding');
    assert.match(br.json().error.message, /"br" is not supported/);
  } finally {
    await server.close();
  }
});

test('a gzip-marked body that nobody reads (415, a GET with a body) is answered and its decoding error is not fatal', async () => {
  const server = Fastify({ bodyLimit: 1024 });
  server.setErrorHandler((error, request, reply) => replyWithError(error, request, reply));
  acceptGzipRequestBodies(server);
  server.post('/echo', async (request) => ({ body: request.body }));
  server.get('/echo', async () => ({ ok: true }));
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => void uncaught.push(error);
  // node:test would report the error too; collecting it here names what happened
  process.prependListener('uncaughtException', onUncaught);
  try {
    const unsupported = await server.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip' },
      payload: 'x',
    });
    assert.equal(unsupported.statusCode, 415, unsupported.body);
    const get = await server.inject({
      method: 'GET',
      url: '/echo',
      headers: { 'content-encoding': 'gzip' },
      payload: 'not gzip',
    });
    assert.equal(get.statusCode, 200, get.body);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(uncaught, []);
  } finally {
    process.off('uncaughtException', onUncaught);
    await server.close();
  }
});
