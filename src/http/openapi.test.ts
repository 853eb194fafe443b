/** The OpenAPI document: built from the declarations, every registered route in it, named components, honest errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildContractApp } from './contract-app.js';
import { API_PREFIXES } from './web-ui.js';
import { routesOutsideContract } from './routes/openapi.routes.js';

const realApp = () => buildContractApp({ version: '9.9.9', issuerBase: 'https://calm-keys.test' });

test('every route the app registers is a declaration, and every declaration is in the document', async () => {
  const app = await realApp();
  try {
    assert.deepEqual(routesOutsideContract(app), []);
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    assert.equal(doc.openapi, '3.1.0');
    const operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    for (const expected of [
      'GET /healthz',
      'POST /oauth/token',
      'GET /btp/v1/service_bindings/{id}/key',
      'POST /lm/v1/tenants/{tenantId}/service-key',
      'POST /api/calm-metrics/v1/metrics',
      'GET /openapi.json',
    ]) {
      assert.ok(operations.includes(expected), `${expected} is in the document`);
    }
    for (const [key, op] of Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
      Object.entries(ops).map(([m, o]) => [`${m} ${path}`, o] as const),
    )) {
      const success = Object.keys(op.responses).filter((s) => s.startsWith('2'));
      assert.ok(success.length > 0, `${key} declares a success answer`);
      // the JWKS refuses an unknown zid the RFC 6749 way and declares only that
      if (key !== 'get /token_keys') assert.ok(op.responses['500'], `${key} declares 500`);
      assert.ok(!JSON.stringify(op).includes('#/$defs/'), `${key} refers to components only`);
    }
  } finally {
    await app.close();
  }
});

test('answers and the error body are named components, referenced by the operations', async () => {
  const app = await realApp();
  try {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const name of [
      'ErrorBody',
      'Problem',
      'OAuthError',
      'SmServiceInstance',
      'SmServiceBinding',
      'SmServiceInstanceParameters',
      'SlotView',
      'AuditEvent',
      'User',
      'ApiToken',
      'SigningKeyList',
      'ManagedObjectView',
      'TokenResponse',
    ]) {
      assert.ok(doc.components.schemas[name], `components.schemas.${name}`);
    }
    const getInstance = doc.paths['/v1/service_instances/{id}'].get;
    assert.deepEqual(getInstance.responses['200'].content['application/json'].schema, {
      $ref: '#/components/schemas/SmServiceInstance',
    });
    assert.ok(getInstance.responses['404']['x-error-codes'].includes('service_instance.not_found'));
    const getParameters = doc.paths['/v1/service_instances/{id}/parameters'].get;
    assert.equal(getParameters.operationId, 'getV1ServiceInstancesIdParameters');
    assert.deepEqual(getParameters.responses['200'].content['application/json'].schema, {
      $ref: '#/components/schemas/SmServiceInstanceParameters',
    });
    assert.ok(getParameters.responses['404']['x-error-codes'].includes('service_instance.not_found'));
    assert.ok(getParameters.responses['400']['x-error-codes'].includes('btp.sm_parameters_not_retrievable'));
    const keyDownload = doc.paths['/btp/v1/service_bindings/{id}/key'].get;
    assert.deepEqual(keyDownload.responses['404'].content['application/json'].schema, {
      $ref: '#/components/schemas/ErrorBody',
    });
    assert.ok(keyDownload.responses['404']['x-error-codes'].includes('service_binding.not_found'));
    const token = doc.paths['/oauth/token'].post;
    assert.deepEqual(token.responses['401'].content['application/json'].schema, {
      $ref: '#/components/schemas/OAuthError',
    });
    assert.ok(token.requestBody.content['application/x-www-form-urlencoded']);
    const createInstance = doc.paths['/v1/service_instances'].post;
    assert.deepEqual(createInstance.requestBody.content['application/json'].schema.required.sort(), [
      'name',
      'service_plan_id',
    ]);
    for (const legacy of ['/btp/v1/service_instances', '/btp/v1/service_bindings', '/btp/v1/service_bindings/{id}'])
      assert.equal(doc.paths[legacy], undefined, `${legacy} is gone: /v1 replaces it`);
    const upload = doc.paths['/lm/v1/tenants/{tenantId}/service-key'].post;
    assert.ok(upload.requestBody.content['multipart/form-data']);
    assert.deepEqual(
      upload.parameters.map((p: { name: string }) => p.name),
      ['tenantId', 'dryRun'],
    );
    assert.deepEqual(doc.paths['/api/calm-metrics/v1/metrics'].post.security, [
      { serviceKeyToken: ['sapcloudalm!b4711.calm-api.metrics.write', 'sapcloudalm!b4711.calm-api.hm.write'] },
    ]);
  } finally {
    await app.close();
  }
});

test("every route's first path segment is an API prefix, so the web UI's fallback never answers it", async () => {
  const app = await realApp();
  try {
    const doc = app.inject({ method: 'GET', url: '/openapi.json' });
    const paths = Object.keys((await doc).json().paths as Record<string, unknown>);
    const prefixes: readonly string[] = API_PREFIXES;
    const missing = [...new Set(paths.map((path) => `/${path.split('/')[1]}`))].filter((p) => !prefixes.includes(p));
    assert.deepEqual(missing, [], 'add them to API_PREFIXES in web-ui.ts');
  } finally {
    await app.close();
  }
});

test('every Cloud ALM API operation names the scopes its key needs in its security requirement', async () => {
  const app = await realApp();
  try {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const security = (path: string, method: string) =>
      (doc.paths[path][method].security as Record<string, string[]>[])[0]!.serviceKeyToken;
    assert.deepEqual(security('/api/calm-metrics/v1/metrics', 'post'), [
      'sapcloudalm!b4711.calm-api.metrics.write',
      'sapcloudalm!b4711.calm-api.hm.write',
    ]);
    assert.deepEqual(security('/api/calm-tasks/v1/tasks', 'get'), ['sapcloudalm!b4711.calm-api.tasks.read']);
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { security: unknown[] }>>)) {
      if (!path.startsWith('/api/')) continue;
      for (const [method, op] of Object.entries(ops)) {
        const scopes = (op.security[0] as Record<string, string[]>).serviceKeyToken ?? [];
        assert.ok(scopes.length > 0, `${method.toUpperCase()} ${path} names its scopes`);
        for (const scope of scopes) assert.match(scope, /^sapcloudalm!b4711\.calm-api\.[a-z-]+\.(read|write)$/);
      }
    }
  } finally {
    await app.close();
  }
});
