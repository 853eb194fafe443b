/**
 * The real server over HTTPS on a real database: start-up, health, sign-in, API tokens, error shapes,
 * authorization of the administration endpoints, and no secret in logs or in the database file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { signIn, startTestServer } from './support/server.js';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: first start over HTTPS: health, one-time admin password, sign-in, API token, sign-out`, async () => {
    const t = await startTestServer({ database: kind.name });
    try {
      assert.match(t.server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const health = await t.http.call('GET', '/healthz');
      assert.equal(health.status, 200);
      assert.equal(health.json().status, 'ok');
      const ready = await t.http.call('GET', '/readyz');
      assert.deepEqual(ready.json(), { status: 'ready', checks: { database: 'ok', startup: 'done' } });

      const password = t.server.oneTimePassword!;
      assert.ok(password, 'a one-time password is generated on first start');
      assert.ok(t.announcement().includes(`ONE-TIME PASSWORD for "admin": ${password}`));
      assert.match(t.announcement(), /NODE_EXTRA_CA_CERTS=/);

      const wrong = await t.http.call('POST', '/auth/v1/login', {
        body: { username: 'admin', password: 'not the password' },
      });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.json().error.code, 'access.unauthenticated');

      // a one-time password allows nothing but changing it (test/auth-one-time-password.test.ts)
      const oneTimeCookie = await signIn(t.http, 'admin', password);
      const changed = await t.http.call('POST', '/auth/v1/password', {
        cookie: oneTimeCookie,
        body: { currentPassword: password, newPassword: 'own-admin-password-1' },
      });
      assert.equal(changed.status, 204, changed.text);
      const cookie = await signIn(t.http, 'admin', 'own-admin-password-1');
      const me = await t.http.call('GET', '/auth/v1/me', { cookie });
      assert.equal(me.json().username, 'admin');

      const created = await t.http.call('POST', '/auth/v1/tokens', { cookie, body: { name: 'cli' } });
      assert.equal(created.status, 201);
      assert.equal(created.headers['cache-control'], 'no-store');
      const token = created.json().token as string;
      const viaToken = await t.http.call('GET', '/auth/v1/me', { token });
      assert.deepEqual([viaToken.status, viaToken.json().via], [200, 'api_token']);
      const listed = await t.http.call('GET', '/auth/v1/tokens', { token });
      assert.ok(!listed.text.includes(token), 'the token list never shows the token again');

      assert.equal((await t.http.call('POST', '/auth/v1/logout', { cookie })).status, 204);
      assert.equal((await t.http.call('GET', '/auth/v1/me', { cookie })).status, 401);

      // no secret in the logs or the database
      const logText = t.logs.join('');
      assert.ok(t.logs.length > 5, 'requests were logged');
      for (const secret of [password, 'own-admin-password-1', token, cookie.split('=')[1]!]) {
        assert.equal(logText.includes(secret), false, 'a secret reached the log');
      }
      if (kind.name === 'sqlite') {
        await t.server.store.close();
        const dir = t.dataDir;
        const bytes = Buffer.concat(
          readdirSync(dir)
            .filter((f) => f.startsWith('calm-keys.db'))
            .map((f) => readFileSync(join(dir, f))),
        );
        for (const secret of [password, 'own-admin-password-1', token])
          assert.equal(bytes.includes(Buffer.from(secret)), false);
      }
    } finally {
      await t.close().catch(() => undefined);
    }
  });
}

test('errors are JSON with a stable code and the JSON path of each problem, never a stack trace', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: 'admin-password-1' } });
  try {
    const cookie = await signIn(t.http, 'admin', 'admin-password-1');
    const notJson = await t.http.call('POST', '/auth/v1/tokens', {
      cookie,
      rawBody: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(notJson.status, 400);
    assert.equal(notJson.json().error.code, 'request.malformed_body');

    const badField = await t.http.call('POST', '/auth/v1/tokens', {
      cookie,
      body: { name: '', expiresInDays: 'soon' },
    });
    assert.equal(badField.status, 400);
    assert.deepEqual(
      badField.json().error.details.map((d: { path: string }) => d.path),
      ['name', 'expiresInDays'],
    );

    const tooLarge = await t.http.call('POST', '/auth/v1/tokens', { cookie, body: { name: 'x'.repeat(300 * 1024) } });
    assert.equal(tooLarge.status, 413);

    // (paths outside the API prefixes are the web UI's: they answer its page; see test/web-ui.test.ts)
    const missing = await t.http.call('GET', '/btp/v1/no/such/route');
    assert.deepEqual([missing.status, missing.json().error.code], [404, 'route.not_found']);

    const badEncoding = await t.http.call('GET', '/lm/v1/tenants/%E0%A4%A/service-key', { cookie });
    assert.deepEqual([badEncoding.status, badEncoding.json().error.code], [400, 'request.invalid']);

    for (const res of [notJson, badField, tooLarge, missing, badEncoding]) {
      assert.ok(!/at .*\.(ts|js):\d+/.test(res.text), 'no stack trace in an answer');
      assert.ok(res.json().error.requestId);
    }
    const badToken = await t.http.call('GET', '/auth/v1/me', { token: 'ckpat_not-a-real-token' });
    assert.deepEqual([badToken.status, badToken.json().error.code], [401, 'access.unauthenticated']);
  } finally {
    await t.close();
  }
});

test('administration endpoints: the administrator may, a tenant user may not, nobody anonymous', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: 'admin-password-1' } });
  try {
    const admin = await signIn(t.http, 'admin', 'admin-password-1');
    const created = await t.http.call('POST', '/access/v1/users', {
      cookie: admin,
      body: { username: 'viewer', password: 'viewer-password-1' },
    });
    assert.equal(created.status, 201);
    const assigned = await t.http.call('POST', '/access/v1/users/viewer/roles', {
      cookie: admin,
      body: { role: 'x_landscape_SecurityViewer', scopeId: 'tenant-a' },
    });
    assert.equal(assigned.status, 204);
    const unknownRole = await t.http.call('POST', '/access/v1/users/viewer/roles', {
      cookie: admin,
      body: { role: 'root' },
    });
    assert.equal(unknownRole.status, 400);

    const viewer = await signIn(t.http, 'viewer', 'viewer-password-1');
    const matrix: [string, string, unknown][] = [
      ['GET', '/access/v1/users', undefined],
      ['POST', '/access/v1/users', { username: 'mallory' }],
      ['POST', '/access/v1/users/viewer/roles', { role: 'x_landscape_Viewer', scopeId: 'tenant-b' }],
      ['GET', '/audit/v1/events', undefined],
    ];
    for (const [method, path, body] of matrix) {
      const asAdmin = await t.http.call(method, path, {
        cookie: admin,
        body: method === 'POST' && path.endsWith('/users') ? { username: `u${Date.now()}` } : body,
      });
      assert.ok(asAdmin.status < 300, `admin ${method} ${path}: ${asAdmin.status}`);
      assert.equal((await t.http.call(method, path, { cookie: viewer, body })).status, 403, `viewer ${method} ${path}`);
      assert.equal((await t.http.call(method, path, { body })).status, 401, `anonymous ${method} ${path}`);
    }
    const events = (await t.http.call('GET', '/audit/v1/events?action=access.role.assigned', { cookie: admin })).json()
      .events;
    assert.ok(
      events.some(
        (e: { details: { role: string; scopeId: string } }) =>
          e.details.role === 'x_landscape_SecurityViewer' && e.details.scopeId === 'tenant-a',
      ),
    );
  } finally {
    await t.close();
  }
});

test('a second start reuses the master key, CA and administrator; no new password is printed', async () => {
  const first = await startTestServer();
  const dataDir = first.dataDir;
  await first.close();
  const { loadConfig } = await import('../src/config/index.js');
  const { startServer } = await import('../src/main.js');
  let text = '';
  const { Writable } = await import('node:stream');
  const server = await startServer(
    loadConfig({}, { CALM_KEYS_DATA_DIR: dataDir, CALM_KEYS_PORT: '0', CALM_KEYS_LOG_LEVEL: 'silent' }),
    {
      announce: new Writable({ write: (c, _e, d) => ((text += String(c)), d()) }),
    },
  );
  try {
    assert.equal(server.oneTimePassword, undefined);
    assert.ok(!text.includes('ONE-TIME PASSWORD'));
    assert.ok(!text.includes('GENERATED'));
  } finally {
    await server.close();
  }
});
