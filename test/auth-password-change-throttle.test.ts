/**
 * POST /auth/v1/password checks the current password: a wrong one counts against the sign-in failure limit
 * (per user name and address), and over it the change is refused with 429 and Retry-After.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { startTestServer } from './support/server.js';

test('wrong current passwords at POST /auth/v1/password are limited like failed sign-ins', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: 'admin-password-1' } });
  const ca = readFileSync(t.server.caFile!, 'utf8');
  const agents = new Map<string, Agent>();
  const call = async (path: string, body: unknown, from: string, cookie?: string) => {
    if (!agents.has(from)) agents.set(from, new Agent({ connect: { ca }, localAddress: from }));
    const res = await request(`${t.server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
      dispatcher: agents.get(from)!,
    });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, json: () => JSON.parse(text) as Record<string, any> };
  };
  try {
    const login = await call('/auth/v1/login', { username: 'admin', password: 'admin-password-1' }, '127.0.0.5');
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const change = (currentPassword: string) =>
      call('/auth/v1/password', { currentPassword, newPassword: 'admin-password-2' }, '127.0.0.5', cookie);

    for (let i = 0; i < 10; i += 1) assert.equal((await change(`wrong-${i}`)).status, 401, `guess ${i}`);
    const blocked = await change('admin-password-1');
    assert.equal(blocked.status, 429, 'over the limit even the right current password is refused');
    assert.equal(blocked.json().error.code, 'access.login_throttled');
    assert.ok(Number(blocked.headers['retry-after']) > 0);
    assert.equal(
      (await call('/auth/v1/login', { username: 'admin', password: 'admin-password-1' }, '127.0.0.5')).status,
      429,
      'one budget with sign-in',
    );
    assert.equal(
      (await call('/auth/v1/login', { username: 'admin', password: 'admin-password-1' }, '127.0.0.6')).status,
      200,
      'another address is not locked out',
    );
  } finally {
    for (const agent of agents.values()) await agent.close();
    await t.close();
  }
});
