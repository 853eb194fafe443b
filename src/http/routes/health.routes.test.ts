import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { registerHealthRoutes } from './health.routes.js';

async function readiness(database: boolean, started: boolean) {
  const app = Fastify();
  registerHealthRoutes(app, { databaseReady: async () => database, started: () => started, version: '0.0.0' });
  try {
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    return { status: res.statusCode, body: res.json() as unknown };
  } finally {
    await app.close();
  }
}

test('/readyz is 503 until the start is complete, and while the database does not answer', async () => {
  assert.deepEqual(await readiness(true, false), {
    status: 503,
    body: { status: 'not_ready', checks: { database: 'ok', startup: 'pending' } },
  });
  assert.deepEqual(await readiness(false, true), {
    status: 503,
    body: { status: 'not_ready', checks: { database: 'unreachable', startup: 'done' } },
  });
  assert.deepEqual(await readiness(true, true), {
    status: 200,
    body: { status: 'ready', checks: { database: 'ok', startup: 'done' } },
  });
});
