/**
 * A calm-keys Administrator locks, unlocks, deletes users and resets their password, over HTTP on the real
 * server. Only the Administrator may (every other role gets 403, a caller without a session 401); a lock
 * refuses the user's session and API token on the very next request; no one locks or deletes themselves; the
 * last calm-keys Administrator stays; every change is audited without the one-time password.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { signIn, startTestServer, type TestServer } from './support/server.js';
import { ADMIN_PASSWORD, emptyTenant, USER_PASSWORD, userWithRoles } from './support/landscape.js';

async function auditOf(t: TestServer, action: string) {
  const rows = await t.server.store.db.selectFrom('audit_events').selectAll().where('action', '=', action).execute();
  return rows.map((r) => ({ actor: r.actor_name, target: r.target_id, details: JSON.parse(r.details) as unknown }));
}

async function tokenOf(t: TestServer, cookie: string): Promise<string> {
  const res = await t.http.call('POST', '/auth/v1/tokens', { cookie, body: { name: 'ci' } });
  assert.equal(res.status, 201, res.text);
  return res.json().token as string;
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: lock, unlock, delete and reset of users: who may, and the rules`, async (context) => {
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false },
    });
    try {
      let admin = await signIn(t.http, 'admin', ADMIN_PASSWORD);
      const tenant = await emptyTenant(t, admin);
      admin = tenant.cookie;
      const people: Record<string, string> = {
        'Security Administrator': await userWithRoles(t, admin, 'sec-admin', [
          { role: 'x_landscape_SecurityAdministrator', scopeId: tenant.tenantId },
        ]),
        'Security Viewer': await userWithRoles(t, admin, 'sec-viewer', [
          { role: 'x_landscape_SecurityViewer', scopeId: tenant.tenantId },
        ]),
        'Landscape Administrator': await userWithRoles(t, admin, 'lm-admin', [
          { role: 'x_landscape_Administrator', scopeId: tenant.tenantId },
        ]),
        'Subaccount Administrator': await userWithRoles(t, admin, 'sa-admin', [
          { role: 'SubaccountAdministrator', scopeId: tenant.subaccountId },
        ]),
        'no role': await userWithRoles(t, admin, 'nobody', []),
      };
      await userWithRoles(t, admin, 'target', []);

      await context.test(
        'only the calm-keys Administrator may: 403 for every other role, 401 without a session',
        async () => {
          const endpoints: [string, string, unknown?][] = [
            ['POST', '/access/v1/users/target/lock'],
            ['POST', '/access/v1/users/target/unlock'],
            ['POST', '/access/v1/users/target/password-reset', {}],
            ['DELETE', '/access/v1/users/target'],
          ];
          for (const [method, path, body] of endpoints) {
            for (const [who, cookie] of Object.entries(people)) {
              const res = await t.http.call(method, path, { cookie, ...(body ? { body } : {}) });
              assert.equal(res.status, 403, `${who}: ${method} ${path}: ${res.text}`);
              assert.equal(res.json().error.code, 'access.forbidden');
            }
            const anonymous = await t.http.call(method, path, body ? { body } : {});
            assert.equal(anonymous.status, 401, `anonymous: ${method} ${path}`);
          }
          const users = (await t.http.call('GET', '/access/v1/users', { cookie: admin })).json().users as {
            username: string;
            disabled: boolean;
          }[];
          assert.deepEqual(
            users.find((u) => u.username === 'target'),
            { ...users.find((u) => u.username === 'target'), disabled: false },
            'no refused call changed the user',
          );
          assert.equal((await auditOf(t, 'access.user.locked')).length, 0);
        },
      );

      await context.test(
        "a lock refuses the user's session and API token at once; unlock lets the token in again",
        async () => {
          const cookie = await signIn(t.http, 'target', USER_PASSWORD);
          const token = await tokenOf(t, cookie);
          assert.equal((await t.http.call('GET', '/auth/v1/me', { cookie })).status, 200);

          const locked = await t.http.call('POST', '/access/v1/users/target/lock', { cookie: admin });
          assert.equal(locked.status, 204, locked.text);
          assert.equal((await t.http.call('GET', '/auth/v1/me', { cookie })).status, 401, 'the session is refused');
          assert.equal((await t.http.call('GET', '/auth/v1/me', { token })).status, 401, 'the API token is refused');
          const login = await t.http.call('POST', '/auth/v1/login', {
            body: { username: 'target', password: USER_PASSWORD },
          });
          assert.equal(login.status, 401, 'a locked user cannot sign in');
          const listed = (await t.http.call('GET', '/access/v1/users', { cookie: admin })).json().users as {
            username: string;
            disabled: boolean;
          }[];
          assert.equal(listed.find((u) => u.username === 'target')?.disabled, true);
          assert.equal((await t.http.call('POST', '/access/v1/users/target/lock', { cookie: admin })).status, 204);
          assert.deepEqual(
            (await auditOf(t, 'access.user.locked')).map((r) => r.details),
            [{ username: 'target', sessionsEnded: 2 }],
            'one record (two sessions: the sign-in of userWithRoles and this one); locking a locked user records nothing',
          );

          assert.equal((await t.http.call('POST', '/access/v1/users/target/unlock', { cookie: admin })).status, 204);
          assert.equal((await t.http.call('GET', '/auth/v1/me', { token })).status, 200, 'the token works again');
          assert.equal(
            (await t.http.call('GET', '/auth/v1/me', { cookie })).status,
            401,
            'the ended session stays ended',
          );
          assert.equal((await auditOf(t, 'access.user.unlocked')).length, 1);
          await signIn(t.http, 'target', USER_PASSWORD);
        },
      );

      await context.test(
        'nobody locks, deletes or resets themselves; the last calm-keys Administrator keeps the role',
        async () => {
          for (const [method, path] of [
            ['POST', '/access/v1/users/admin/lock'],
            ['DELETE', '/access/v1/users/admin'],
            ['POST', '/access/v1/users/admin/password-reset'],
          ] as const) {
            const res = await t.http.call(method, path, {
              cookie: admin,
              ...(method === 'POST' && path.endsWith('reset') ? { body: {} } : {}),
            });
            assert.equal(res.status, 409, res.text);
            assert.equal(res.json().error.code, 'access.self_lockout');
          }
          const revoke = await t.http.call('DELETE', '/access/v1/users/admin/roles', {
            cookie: admin,
            body: { role: 'SystemAdministrator' },
          });
          assert.equal(revoke.status, 409, revoke.text);
          assert.equal(revoke.json().error.code, 'access.last_administrator');
          assert.equal((await t.http.call('GET', '/access/v1/users', { cookie: admin })).status, 200, 'still admin');
        },
      );

      await context.test('two Administrators locking each other at once: one of them stays', async () => {
        const second = await userWithRoles(t, admin, 'admin2', [{ role: 'SystemAdministrator', scopeId: '*' }]);
        const [a, b] = await Promise.all([
          t.http.call('POST', '/access/v1/users/admin2/lock', { cookie: admin }),
          t.http.call('POST', '/access/v1/users/admin/lock', { cookie: second }),
        ]);
        assert.ok([a.status, b.status].includes(204), `${a.status} ${b.status}`);
        assert.ok(
          [a.status, b.status].some((s) => s === 409 || s === 401),
          `one lock is refused: ${a.status} ${a.text} / ${b.status} ${b.text}`,
        );
        const users = (
          await t.http.call('GET', '/access/v1/users', { cookie: a.status === 204 ? admin : second })
        ).json().users as { username: string; disabled: boolean }[];
        assert.equal(users.filter((u) => u.username.startsWith('admin') && !u.disabled).length, 1);
        if (a.status !== 204) {
          // admin2 locked admin: put things back for the next steps
          assert.equal((await t.http.call('POST', '/access/v1/users/admin/unlock', { cookie: second })).status, 204);
          admin = await signIn(t.http, 'admin', ADMIN_PASSWORD);
        }
      });

      await context.test('a reset gives a one-time password once; it is in no log and no audit record', async () => {
        const cookie = await signIn(t.http, 'target', USER_PASSWORD);
        const reset = await t.http.call('POST', '/access/v1/users/target/password-reset', { cookie: admin, body: {} });
        assert.equal(reset.status, 200, reset.text);
        assert.equal(reset.headers['cache-control'], 'no-store');
        const { oneTimePassword, liveTokens } = reset.json() as { oneTimePassword: string; liveTokens: number };
        assert.equal(liveTokens, 1, 'the token of the lock step still works');
        assert.equal((await t.http.call('GET', '/auth/v1/me', { cookie })).status, 401, 'the sessions ended');
        const login = await t.http.call('POST', '/auth/v1/login', {
          body: { username: 'target', password: oneTimePassword },
        });
        assert.equal(login.json().mustChangePassword, true);
        const audit = await t.server.store.db.selectFrom('audit_events').select('details').execute();
        assert.ok(!audit.some((r) => r.details.includes(oneTimePassword)), 'not in the audit log');
        assert.ok(!t.logs.some((l) => l.includes(oneTimePassword)), 'not in the server log');
      });

      await context.test(
        'delete: the user, their roles, session and token are gone; the audit keeps counts',
        async () => {
          const cookie = await signIn(t.http, 'sec-viewer', USER_PASSWORD);
          const token = await tokenOf(t, cookie);
          const deleted = await t.http.call('DELETE', '/access/v1/users/sec-viewer', { cookie: admin });
          assert.equal(deleted.status, 204, deleted.text);
          assert.equal((await t.http.call('GET', '/auth/v1/me', { cookie })).status, 401);
          assert.equal((await t.http.call('GET', '/auth/v1/me', { token })).status, 401);
          const login = await t.http.call('POST', '/auth/v1/login', {
            body: { username: 'sec-viewer', password: USER_PASSWORD },
          });
          assert.equal(login.status, 401);
          const users = (await t.http.call('GET', '/access/v1/users', { cookie: admin })).json().users as {
            username: string;
          }[];
          assert.ok(!users.some((u) => u.username === 'sec-viewer'));
          assert.deepEqual(
            (await auditOf(t, 'access.user.deleted')).map((r) => [r.actor, r.details]),
            [['admin', { username: 'sec-viewer', roleAssignments: 1, apiTokens: 1, sessionsEnded: 2 }]],
          );
          const again = await t.http.call('DELETE', '/access/v1/users/sec-viewer', { cookie: admin });
          assert.equal(again.status, 404);
          assert.equal(again.json().error.code, 'user.not_found');
          // the name is free again: a new user of that name gets none of the old one's roles
          const created = await t.http.call('POST', '/access/v1/users', {
            cookie: admin,
            body: { username: 'sec-viewer', password: USER_PASSWORD },
          });
          assert.equal(created.status, 201);
          const fresh = await signIn(t.http, 'sec-viewer', USER_PASSWORD);
          assert.deepEqual((await t.http.call('GET', '/auth/v1/me', { cookie: fresh })).json().roles, []);
        },
      );
    } finally {
      await t.close();
    }
  });
}
