/** The response check catches an answer that does not match its declaration (so the integration tests can fail). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DomainError } from '../../shared/index.js';
import { replyWithError } from '../errors.js';
import { registerRoutes } from './register.js';
import { checkAnswer, enableResponseCheck, installResponseCheck } from './response-check.js';
import { defineRoute, json } from './route.js';

const thing = z.strictObject({ id: z.string(), size: z.number() });
const route = defineRoute({
  method: 'GET',
  path: '/things/{id}',
  summary: 'A thing',
  tag: 'health',
  auth: 'none',
  params: z.object({ id: z.string() }),
  responses: { 200: json('The thing', thing) },
  errors: { 404: ['thing.not_found'] },
  handler: ({ params }) =>
    params.id === 'wrong'
      ? { id: 'wrong', size: 'big' }
      : params.id === 'gone'
        ? Promise.reject(new DomainError('not_found', 'other.not_found', 'gone'))
        : { id: params.id, size: 1 },
});

test('an answer matching its declaration passes; a wrong body, an undeclared status or error code does not', () => {
  assert.equal(checkAnswer(route, 200, 'application/json', JSON.stringify({ id: 'a', size: 1 })), undefined);
  assert.match(
    checkAnswer(route, 200, 'application/json', JSON.stringify({ id: 'a', size: 'big' }))!,
    /does not match the 200 schema/,
  );
  assert.match(
    checkAnswer(route, 200, 'application/json', JSON.stringify({ id: 'a', size: 1, extra: true }))!,
    /does not match/,
  );
  assert.match(checkAnswer(route, 201, 'application/json', '{}')!, /status 201 is not declared/);
  const error = (code: string) => JSON.stringify({ error: { code, message: 'm', details: [], requestId: 'r' } });
  assert.equal(checkAnswer(route, 404, 'application/json', error('thing.not_found')), undefined);
  assert.match(
    checkAnswer(route, 404, 'application/json', error('other.not_found'))!,
    /error code other.not_found is not declared/,
  );
  assert.match(checkAnswer(route, 409, 'application/json', error('thing.conflict'))!, /status 409 is not declared/);
  assert.match(
    checkAnswer(route, 404, 'application/json', JSON.stringify({ error: 'flat' }))!,
    /does not match ErrorBody/,
  );
});

test("an answer in one of the declared alternatives is checked against that media type's schema", () => {
  const otlpJson = z.strictObject({ resourceLogs: z.array(z.unknown()) });
  const negotiated = defineRoute({
    method: 'GET',
    path: '/logs',
    summary: 'Logs in the format asked for',
    tag: 'health',
    auth: 'none',
    responses: {
      200: {
        description: 'Logs',
        schema: z.string(),
        contentType: 'application/x-protobuf',
        alternatives: { 'application/json': otlpJson },
      },
    },
    errors: {},
    handler: () => undefined,
  });
  assert.equal(checkAnswer(negotiated, 200, 'application/x-protobuf', Buffer.from([1, 2])), undefined);
  assert.equal(checkAnswer(negotiated, 200, 'application/json; charset=utf-8', '{"resourceLogs":[]}'), undefined);
  assert.match(checkAnswer(negotiated, 200, 'application/json', '{"records":[]}')!, /does not match the 200 schema/);
});

test('every route may answer 503 store.unavailable; a status the route declares with its own body is checked against that body', () => {
  const error = (code: string) => JSON.stringify({ error: { code, message: 'm', details: [], requestId: 'r' } });
  assert.equal(checkAnswer(route, 503, 'application/json', error('store.unavailable')), undefined);
  const readiness = z.strictObject({ status: z.enum(['ready', 'not_ready']) });
  const ready = defineRoute({
    method: 'GET',
    path: '/ready',
    summary: 'Ready',
    tag: 'health',
    auth: 'none',
    responses: { 200: json('Ready', readiness), 503: json('Not ready', readiness) },
    errors: {},
    handler: () => ({ status: 'ready' as const }),
  });
  assert.equal(checkAnswer(ready, 503, 'application/json', JSON.stringify({ status: 'not_ready' })), undefined);
  assert.match(
    checkAnswer(ready, 503, 'application/json', error('store.unavailable'))!,
    /does not match the 503 schema/,
  );
});

test('installed in an app, the check records every answer that does not match', async () => {
  const mismatches = enableResponseCheck();
  mismatches.splice(0);
  const app = Fastify() as unknown as FastifyInstance;
  installResponseCheck(app);
  app.setErrorHandler((e, request, reply) => replyWithError(e, request, reply));
  registerRoutes(app, [route]);
  try {
    assert.equal((await app.inject('/things/a')).statusCode, 200);
    assert.equal(mismatches.length, 0);
    await app.inject('/things/wrong');
    await app.inject('/things/gone');
    assert.deepEqual(
      mismatches.map((m) => [m.route, m.status]),
      [
        ['GET /things/{id}', 200],
        ['GET /things/{id}', 404],
      ],
    );
  } finally {
    mismatches.splice(0);
    await app.close();
  }
});

test("a Service Manager route's errors are SAP's {error, description} with a declared code", () => {
  const sm = { ...route, errorFormat: 'service-manager' as const };
  const answer = (body: unknown) => checkAnswer(sm, 404, 'application/json', JSON.stringify(body));
  assert.equal(answer({ error: 'NotFound', description: 'gone', code: 'thing.not_found' }), undefined);
  assert.match(answer({ error: 'NotFound', description: 'gone', code: 'other.not_found' })!, /not declared/);
  assert.match(
    answer({ error: { code: 'thing.not_found', message: 'm', details: [], requestId: 'r' } })!,
    /ServiceManagerError/,
  );
  assert.match(answer({ error: 'NotFound', description: 'gone' })!, /ServiceManagerError/, 'the code is required');
});
