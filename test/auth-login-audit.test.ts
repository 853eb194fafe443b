/**
 * A password typed into the user-name field must not be stored: the access.login.failed audit record keeps the
 * user name only when it names an existing user, otherwise a keyed hash (HMAC under a key derived from the
 * master key) that still tells repeated attempts with the same text apart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { signIn, startTestServer } from './support/server.js';

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: a failed sign-in with an unknown user name stores no trace of the typed text`, async () => {
    const t = await startTestServer({ database: kind.name, env: { CALM_KEYS_ADMIN_PASSWORD: 'admin-password-1' } });
    try {
      const typedIntoName = 'admin-password-1'; // the password, typed into the user-name field
      for (let i = 0; i < 2; i += 1)
        assert.equal(
          (await t.http.call('POST', '/auth/v1/login', { body: { username: typedIntoName, password: 'admin' } }))
            .status,
          401,
        );
      assert.equal(
        (await t.http.call('POST', '/auth/v1/login', { body: { username: 'Sunshine-4711', password: 'whatever-1' } }))
          .status,
        401,
      );
      assert.equal(
        (await t.http.call('POST', '/auth/v1/login', { body: { username: 'admin', password: 'wrong-password' } }))
          .status,
        401,
      );

      const rows = await t.server.store.db.selectFrom('audit_events').selectAll().execute();
      for (const text of [typedIntoName, 'Sunshine-4711']) {
        assert.equal(JSON.stringify(rows).includes(text), false, `the audit table holds "${text}"`);
        assert.equal(JSON.stringify(rows).toLowerCase().includes(text.toLowerCase()), false);
      }
      const failed = rows
        .filter((r) => r.action === 'access.login.failed')
        .map((r) => JSON.parse(r.details) as { username?: string; usernameHash?: string; reason: string });
      assert.equal(failed.length, 4);
      const unknown = failed.filter((d) => d.reason === 'unknown_user');
      assert.ok(unknown.every((d) => d.username === undefined && /^[0-9a-f]{64}$/.test(d.usernameHash ?? '')));
      assert.equal(
        new Set(unknown.map((d) => d.usernameHash)).size,
        2,
        'the same text gives the same hash, other text another',
      );
      assert.deepEqual(
        failed.find((d) => d.reason === 'bad_password'),
        { username: 'admin', reason: 'bad_password' },
        'an existing user keeps the name',
      );

      const cookie = await signIn(t.http, 'admin', 'admin-password-1');
      const viaApi = await t.http.call('GET', '/audit/v1/events?action=access.login.failed', { cookie });
      assert.equal(viaApi.status, 200);
      assert.equal(viaApi.text.includes(typedIntoName), false);
    } finally {
      await t.close();
    }
  });
}
