/**
 * A password change ends every session of the user and renews the caller's; API tokens survive it. API tokens
 * live 90 days unless asked otherwise, at most 365; tokens stored without an expiry end 365 days after creation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../src/crypto/index.js';
import { listAuditEvents } from '../src/audit/index.js';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { signIn, startTestServer } from './support/server.js';

const DAY = 86_400_000;
const cookieOf = (header: string | string[] | undefined) =>
  (Array.isArray(header) ? header[0]! : header!).split(';')[0]!;

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: changing the password ends the other sessions, renews the caller's, keeps API tokens`, async () => {
    const t = await startTestServer({ database: kind.name, env: { CALM_KEYS_ADMIN_PASSWORD: 'admin-password-1' } });
    try {
      const mine = await signIn(t.http, 'admin', 'admin-password-1');
      const otherBrowser = await signIn(t.http, 'admin', 'admin-password-1');
      const token = (await t.http.call('POST', '/auth/v1/tokens', { cookie: mine, body: { name: 'ci' } })).json()
        .token as string;

      const changed = await t.http.call('POST', '/auth/v1/password', {
        cookie: mine,
        body: { currentPassword: 'admin-password-1', newPassword: 'admin-password-2' },
      });
      assert.equal(changed.status, 204, changed.text);
      const renewed = cookieOf(changed.headers['set-cookie']);
      assert.match(String(changed.headers['set-cookie']), /HttpOnly/i);
      assert.notEqual(renewed, mine, 'the caller continues on a new session id');

      assert.equal(
        (await t.http.call('GET', '/auth/v1/me', { cookie: otherBrowser })).status,
        401,
        'the other session ended',
      );
      assert.equal(
        (await t.http.call('GET', '/auth/v1/me', { cookie: mine })).status,
        401,
        "the old id of the caller's session ended too",
      );
      assert.equal(
        (await t.http.call('GET', '/auth/v1/me', { cookie: renewed })).status,
        200,
        'the caller stays signed in',
      );
      assert.equal(
        (await t.http.call('GET', '/auth/v1/me', { token })).status,
        200,
        'API tokens survive a password change',
      );

      const viaToken = await t.http.call('POST', '/auth/v1/password', {
        token,
        body: { currentPassword: 'admin-password-2', newPassword: 'admin-password-3' },
      });
      assert.equal(viaToken.status, 204);
      assert.equal(viaToken.headers['set-cookie'], undefined, 'a change made with an API token opens no session');
      assert.equal((await t.http.call('GET', '/auth/v1/me', { cookie: renewed })).status, 401);

      const changes = (await listAuditEvents(t.server.store.db)).filter(
        (e) => e.action === 'access.user.password_changed',
      );
      assert.deepEqual(changes.map((e) => (e.details as { sessionsEnded: number }).sessionsEnded).sort(), [1, 2]);
    } finally {
      await t.close();
    }
  });
}

test('API tokens: 90 days by default, at most 365 (more is a 400 naming expiresInDays); stored without expiry: 365 days from creation', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: 'admin-password-1' } });
  try {
    const cookie = await signIn(t.http, 'admin', 'admin-password-1');
    const days = (iso: string) => Math.round((Date.parse(iso) - Date.now()) / DAY);
    const byDefault = await t.http.call('POST', '/auth/v1/tokens', { cookie, body: { name: 'default' } });
    assert.equal(byDefault.status, 201);
    assert.equal(days(byDefault.json().expiresAt), 90);
    const longest = await t.http.call('POST', '/auth/v1/tokens', {
      cookie,
      body: { name: 'year', expiresInDays: 365 },
    });
    assert.deepEqual([longest.status, days(longest.json().expiresAt)], [201, 365]);
    const tooLong = await t.http.call('POST', '/auth/v1/tokens', {
      cookie,
      body: { name: 'forever', expiresInDays: 366 },
    });
    assert.equal(tooLong.status, 400);
    assert.deepEqual(
      tooLong.json().error.details.map((d: { path: string }) => d.path),
      ['expiresInDays'],
    );

    // tokens made before lifetimes were enforced: stored with no expiry
    const userId = (await t.http.call('GET', '/auth/v1/me', { cookie })).json().userId as string;
    const legacy = async (name: string, ageDays: number) => {
      const secret = `ckpat_${randomBytes(32).toString('base64url')}`;
      const id = `legacy-${name}`;
      await t.server.store.db
        .insertInto('api_tokens')
        .values({
          id,
          user_id: userId,
          name,
          token_hash: sha256Hex(secret),
          token_prefix: secret.slice(0, 12),
          created_at: new Date(Date.now() - ageDays * DAY).toISOString(),
          expires_at: null,
          last_used_at: null,
          revoked_at: null,
        })
        .execute();
      return { id, secret };
    };
    const recent = await legacy('recent', 10);
    const old = await legacy('old', 400);
    assert.equal((await t.http.call('GET', '/auth/v1/me', { token: recent.secret })).status, 200);
    assert.equal(
      (await t.http.call('GET', '/auth/v1/me', { token: old.secret })).status,
      401,
      'older than 365 days: expired',
    );
    const listed = (await t.http.call('GET', '/auth/v1/tokens', { cookie })).json().tokens as {
      id: string;
      expiresAt: string;
    }[];
    assert.equal(
      days(listed.find((x) => x.id === recent.id)!.expiresAt),
      355,
      'the list shows the expiry that applies',
    );
  } finally {
    await t.close();
  }
});
