import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { createLogger } from './logger.js';
import { OneLinePerRequest } from './request-log.js';

async function serve(level: string) {
  const lines: string[] = [];
  const app = Fastify({
    loggerInstance: createLogger(level, { write: (line: string) => void lines.push(line) }),
    logController: new OneLinePerRequest(),
    genReqId: () => 'req-1',
  });
  app.get('/ok', async () => ({ ok: true }));
  app.get('/refused', async (_request, reply) => reply.status(401).send({ error: 'no' }));
  app.get('/fails', async () => {
    throw new Error('boom');
  });
  await app.ready();
  const logged = () => lines.map((line) => JSON.parse(line) as Record<string, any>);
  return { app, logged };
}

test('one line per request, at completion: request id, method and path (no query), status, time; 4xx and 5xx too', async () => {
  const { app, logged } = await serve('info');
  try {
    await app.inject({ method: 'GET', url: '/ok?client_secret=abc' });
    const lines = logged();
    assert.equal(lines.length, 1, 'one line, not two');
    const [line] = lines;
    assert.equal(line!.msg, 'request completed');
    assert.equal(line!.level, 30);
    assert.equal(line!.reqId, 'req-1');
    assert.deepEqual(line!.req, { id: 'req-1', method: 'GET', path: '/ok' });
    assert.equal(line!.res.statusCode, 200);
    assert.equal(typeof line!.responseTime, 'number');
    assert.ok(!JSON.stringify(lines).includes('abc'), 'the query string is never logged');

    await app.inject({ method: 'GET', url: '/refused' });
    await app.inject({ method: 'GET', url: '/fails' });
    const statuses = logged()
      .filter((l) => l.msg === 'request completed')
      .map((l) => [l.req.path, l.res.statusCode, l.level]);
    assert.deepEqual(statuses, [
      ['/ok', 200, 30],
      ['/refused', 401, 30],
      ['/fails', 500, 30],
    ]);
    assert.ok(
      logged().some((l) => l.level === 50 && l.reqId === 'req-1'),
      "the 500's error has its own line with the request id",
    );
  } finally {
    await app.close();
  }
});

test('at debug the arrival of a request is logged as well', async () => {
  const { app, logged } = await serve('debug');
  try {
    await app.inject({ method: 'GET', url: '/ok' });
    assert.deepEqual(
      logged().map((l) => l.msg),
      ['incoming request', 'request completed'],
    );
    assert.deepEqual(logged()[0]!.req, { id: 'req-1', method: 'GET', path: '/ok' });
  } finally {
    await app.close();
  }
});
