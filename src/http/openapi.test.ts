/** The OpenAPI document: served, valid in shape, built from the routes' own schemas, and guarded against drift. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildOpenApiDocument, openApiPath } from './openapi.js';
import { registerOpenApi } from './routes/openapi.routes.js';

test('paths use {param}; request bodies come from the zod schemas the routes parse with', () => {
  assert.equal(openApiPath('/lm/v1/tenants/:tenantId/managed-objects/:id/monitoring'), '/lm/v1/tenants/{tenantId}/managed-objects/{id}/monitoring');
  const doc = buildOpenApiDocument('9.9.9') as any;
  assert.equal(doc.openapi, '3.1.0');
  const createInstance = doc.paths['/btp/v1/service_instances'].post;
  assert.deepEqual(createInstance.requestBody.content['application/json'].schema.required.sort(), ['name', 'subaccount_id']);
  const upload = doc.paths['/lm/v1/tenants/{tenantId}/service-key'].post;
  assert.ok(upload.requestBody.content['multipart/form-data']);
  assert.deepEqual(upload.parameters.map((p: { name: string }) => p.name), ['tenantId', 'dryRun']);
  assert.deepEqual(doc.paths['/api/calm-metrics/v1/metrics'].post.security, [{ serviceKeyToken: [] }]);
});

test('a route without a row, or a row without a route, stops the server at start', async () => {
  const app = Fastify() as unknown as FastifyInstance;
  registerOpenApi(app, '0');
  app.get('/not/documented', async () => 'x');
  await assert.rejects(async () => app.ready(), /undocumented GET \/not\/documented; documented but not registered .*GET \/healthz/);
  await app.close().catch(() => undefined);
});
