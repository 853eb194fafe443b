/**
 * The sign-out Set-Cookie carries the same attributes as the sign-in one (HttpOnly, Secure on HTTPS,
 * SameSite=Strict, Path=/), only with an empty value and a past expiry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from './support/server.js';

/** The attributes of one Set-Cookie header, names lower-cased, without the value and the expiry. */
function attributes(header: string | string[] | undefined): {
  name: string;
  value: string;
  attrs: Record<string, string>;
} {
  const line = Array.isArray(header) ? header[0]! : header!;
  const [pair, ...rest] = line.split(';').map((p) => p.trim());
  const [name, value] = pair!.split('=') as [string, string];
  const attrs: Record<string, string> = {};
  for (const part of rest) {
    const [key, v = ''] = part.split('=');
    attrs[key!.toLowerCase()] = v.toLowerCase();
  }
  return { name, value, attrs };
}

test('sign-out clears the session cookie with the flags that set it', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: 'admin-password-1' } });
  try {
    const login = await t.http.call('POST', '/auth/v1/login', {
      body: { username: 'admin', password: 'admin-password-1' },
    });
    assert.equal(login.status, 200);
    const set = attributes(login.headers['set-cookie']);
    assert.deepEqual(Object.keys(set.attrs).sort(), ['expires', 'httponly', 'path', 'samesite', 'secure']);
    assert.deepEqual([set.attrs.path, set.attrs.samesite], ['/', 'strict']);

    const logout = await t.http.call('POST', '/auth/v1/logout', { cookie: `${set.name}=${set.value}` });
    assert.equal(logout.status, 204);
    const cleared = attributes(logout.headers['set-cookie']);
    assert.equal(cleared.name, set.name);
    assert.equal(cleared.value, '');
    assert.ok(Date.parse(cleared.attrs.expires ?? '') < Date.now(), 'expired');
    const withoutExpiry = (a: Record<string, string>) =>
      Object.fromEntries(Object.entries(a).filter(([k]) => k !== 'expires' && k !== 'max-age'));
    assert.deepEqual(withoutExpiry(cleared.attrs), withoutExpiry(set.attrs));
  } finally {
    await t.close();
  }
});
