/**
 * POST /auth/v1/login limits failed sign-ins per (user name, address) and per address, with 429 and
 * Retry-After, without letting failures from one address lock the user out at another. The callers use
 * different loopback source addresses (127.0.0.x) to be different addresses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { startTestServer } from './support/server.js';

test('failed sign-ins are limited per user and address and per address; the right password elsewhere still works', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: 'admin-password-1' } });
  const ca = readFileSync(t.server.caFile!, 'utf8');
  const login = async (username: string, password: string, from: string) => {
    const res = await request(`${t.server.url}/auth/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
      dispatcher: new Agent({ connect: { ca }, localAddress: from }),
    });
    return { status: res.statusCode, headers: res.headers, body: (await res.body.json()) as Record<string, any> };
  };
  try {
    for (let i = 0; i < 10; i += 1)
      assert.equal((await login(i % 2 ? 'admin' : 'Admin', `wrong-${i}`, '127.0.0.2')).status, 401);
    const blocked = await login('admin', 'admin-password-1', '127.0.0.2');
    assert.equal(blocked.status, 429);
    assert.equal(blocked.body.error.code, 'access.login_throttled');
    assert.ok(Number(blocked.headers['retry-after']) > 0);
    assert.equal(
      (await login('admin', 'admin-password-1', '127.0.0.1')).status,
      200,
      'failures from another address do not lock the user out',
    );

    for (let i = 0; i < 30; i += 1)
      assert.equal((await login(`nobody-${i}`, 'guess-password', '127.0.0.3')).status, 401);
    const sprayer = await login('admin', 'admin-password-1', '127.0.0.3');
    assert.deepEqual(
      [sprayer.status, sprayer.body.error.code],
      [429, 'access.login_throttled'],
      'an address spraying names is stopped',
    );
    assert.equal((await login('admin', 'admin-password-1', '127.0.0.4')).status, 200);
  } finally {
    await t.close();
  }
});
