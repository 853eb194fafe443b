/**
 * A session opened with a one-time password may only change it, ask who it is, and sign out: every other
 * route that needs a caller answers 403 access.password_change_required, enforced by the server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, startTestServer } from './support/server.js';

test('a one-time password allows nothing but changing it, asking for the session and signing out', async () => {
  const t = await startTestServer();
  try {
    const oneTime = t.server.oneTimePassword!;
    const cookie = await signIn(t.http, 'admin', oneTime);
    const session = await t.http.call('GET', '/auth/v1/session', { cookie });
    assert.deepEqual(
      [session.status, session.json().authenticated, session.json().mustChangePassword],
      [200, true, true],
    );
    const me = await t.http.call('GET', '/auth/v1/me', { cookie });
    assert.deepEqual([me.status, me.json().mustChangePassword], [200, true]);

    const refused: [string, string, unknown?][] = [
      ['POST', '/auth/v1/tokens', { name: 'before-change' }],
      ['GET', '/auth/v1/tokens'],
      ['DELETE', '/auth/v1/tokens/some-id'],
      ['GET', '/access/v1/users'],
      ['POST', '/access/v1/users', { username: 'mallory', password: 'mallory-password-1' }],
      ['POST', '/access/v1/users/admin/roles', { role: 'SystemAdministrator' }],
      ['GET', '/audit/v1/events'],
      ['GET', '/btp/v1/global_accounts'],
      ['POST', '/v1/service_bindings?async=false', { name: 'k', service_instance_id: 'x' }],
      ['GET', '/btp/v1/service_bindings/some-id/key'],
      ['GET', '/lm/v1/tenants'],
      ['GET', '/lm/v1/tenants/some-tenant/service-key'],
      ['GET', '/lm/v1/tenants/some-tenant/service-key/download'],
      ['GET', '/xsuaa/v1/signing-keys'],
      ['POST', '/xsuaa/v1/signing-keys/rotate'],
    ];
    for (const [method, path, body] of refused) {
      const res = await t.http.call(method, path, { cookie, ...(body === undefined ? {} : { body }) });
      assert.equal(res.status, 403, `${method} ${path}: ${res.text}`);
      // the Service Manager API (/v1) answers SAP's {error, description, code}, the others our {error: {code, message}}
      const sm = path.startsWith('/v1/');
      const error = sm ? { code: res.json().code, message: res.json().description } : res.json().error;
      assert.equal(error.code, 'access.password_change_required', `${method} ${path}: ${res.text}`);
      assert.match(error.message, /POST \/auth\/v1\/password/, 'the error names the route to call');
    }
    assert.equal(
      (await t.http.call('GET', '/healthz', { cookie })).status,
      200,
      'routes that need nobody answer as for anyone',
    );
    assert.equal((await t.http.call('GET', '/access/v1/roles', { cookie })).status, 200);

    const second = await signIn(t.http, 'admin', oneTime);
    assert.equal((await t.http.call('POST', '/auth/v1/logout', { cookie: second })).status, 204, 'sign-out is allowed');

    const kept = await t.http.call('POST', '/auth/v1/password', {
      cookie,
      body: { currentPassword: oneTime, newPassword: oneTime },
    });
    assert.equal(kept.status, 400, `the one-time password cannot be "changed" to itself: ${kept.text}`);
    assert.equal(kept.json().error.code, 'access.password_unchanged');
    assert.deepEqual(
      kept.json().error.details.map((d: { path: string }) => d.path),
      ['newPassword'],
    );
    assert.equal(
      (await t.http.call('POST', '/auth/v1/tokens', { cookie, body: { name: 'still-gated' } })).status,
      403,
      'the gate still holds',
    );

    const changed = await t.http.call('POST', '/auth/v1/password', {
      cookie,
      body: { currentPassword: oneTime, newPassword: 'my-own-password-1' },
    });
    assert.equal(changed.status, 204, changed.text);
    const fresh = await signIn(t.http, 'admin', 'my-own-password-1');
    assert.equal((await t.http.call('GET', '/auth/v1/session', { cookie: fresh })).json().mustChangePassword, false);
    assert.equal(
      (await t.http.call('POST', '/auth/v1/tokens', { cookie: fresh, body: { name: 'after-change' } })).status,
      201,
    );
    const tenants = await t.http.call('GET', '/lm/v1/tenants', { cookie: fresh });
    assert.equal(tenants.status, 200, tenants.text);
  } finally {
    await t.close();
  }
});
