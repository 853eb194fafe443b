/** `calm-keys users ...` against the real server (SQLite) with the administrator's personal API token. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCliCaptured } from './support/cli.js';
import { signIn, startTestServer } from './support/server.js';
import { ADMIN_PASSWORD, userWithRoles } from './support/landscape.js';

const cli = (args: string[]) => runCliCaptured(args);

test('users create (one-time password once), list, lock refuses sign-in, unlock, reset-password, roles, delete; refusals', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD }, start: { demo: false } });
  try {
    const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    const tokenFor = async (c: string) =>
      (await t.http.call('POST', '/auth/v1/tokens', { cookie: c, body: { name: 'cli' } })).json().token as string;
    const token = await tokenFor(cookie);
    const server = ['--url', t.server.url, '--ca', t.server.caFile!, '--token', token];
    const login = (username: string, password: string) =>
      t.http.call('POST', '/auth/v1/login', { body: { username, password } });

    const created = await cli(['users', 'create', 'alice', ...server]);
    assert.equal(created.code, 0, created.err);
    assert.match(created.out, /^user alice \(\S+\)$/m);
    const first = /^one-time password {2}(\S+)$/m.exec(created.out)?.[1];
    assert.ok(first, created.out);
    assert.equal(created.out.split(first).length, 2, 'the one-time password is printed once');
    assert.ok(!created.err.includes(first) && !t.logs.some((l) => l.includes(first)), 'and nowhere else');
    assert.equal((await login('alice', first)).status, 200);

    const exists = await cli(['users', 'create', 'alice', ...server]);
    assert.equal(exists.code, 1, exists.out);
    assert.match(exists.err, /\(access\.user_exists\)$/m);

    const listed = await cli(['users', 'list', ...server]);
    assert.equal(listed.code, 0, listed.err);
    assert.match(listed.out, /^USERNAME\s+STATUS\s+ROLES\s+CREATED$/m);
    assert.match(listed.out, /^alice\s+one-time password\s+-\s+\S+$/m);
    assert.match(listed.out, /^admin\s+active\s+SystemAdministrator\s+/m);
    const json = JSON.parse((await cli(['users', 'list', '--json', ...server])).out) as { username: string }[];
    assert.deepEqual(json.map((u) => u.username).sort(), ['admin', 'alice']);

    assert.equal((await cli(['users', 'lock', 'alice', ...server])).out.trim(), 'user alice locked');
    assert.equal((await login('alice', first)).status, 401, 'a locked user cannot sign in');
    assert.match((await cli(['users', 'list', ...server])).out, /^alice\s+locked\s/m);
    assert.equal((await cli(['users', 'unlock', 'alice', ...server])).out.trim(), 'user alice unlocked');
    assert.equal((await login('alice', first)).status, 200);

    const reset = await cli(['users', 'reset-password', 'alice', ...server]);
    assert.equal(reset.code, 0, reset.err);
    const second = /^one-time password {2}(\S+)$/m.exec(reset.out)?.[1];
    assert.ok(second && second !== first, reset.out);
    assert.equal(reset.out.split(second).length, 2);
    assert.equal((await login('alice', first)).status, 401, 'the old one-time password is gone');
    assert.equal((await login('alice', second)).status, 200);

    const promoted = await cli(['users', 'roles', 'add', 'alice', 'SystemAdministrator', ...server]);
    assert.equal(promoted.code, 0, promoted.err);
    assert.match((await cli(['users', 'list', ...server])).out, /^alice\s+one-time password\s+SystemAdministrator\s/m);
    const unknown = await cli(['users', 'roles', 'add', 'alice', 'NoSuchRole', ...server]);
    assert.equal(unknown.code, 1, unknown.out);
    assert.match(unknown.err, /\(access\.unknown_role\)$/m);
    assert.equal((await cli(['users', 'roles', 'remove', 'alice', 'SystemAdministrator', ...server])).code, 0);
    assert.match((await cli(['users', 'list', ...server])).out, /^alice\s+one-time password\s+-\s/m);

    assert.equal((await cli(['users', 'delete', 'alice', ...server])).out.trim(), 'deleted user alice');
    assert.doesNotMatch((await cli(['users', 'list', ...server])).out, /^alice\s/m);
    const gone = await cli(['users', 'lock', 'alice', ...server]);
    assert.equal(gone.code, 2, gone.out);
    assert.match(gone.err, /\(user\.not_found\)$/m);

    // the server's rule, printed with its code: exit 1
    const self = await cli(['users', 'lock', 'admin', ...server]);
    assert.equal(self.code, 1, self.out + self.err);
    assert.match(self.err, /^error: .+ \(access\.self_lockout\)$/m);
    assert.equal(self.out, '');
    assert.equal((await login('admin', ADMIN_PASSWORD)).status, 200, 'the administrator is not locked');

    // someone who is not the calm-keys Administrator: the server's 403 message
    const viewerToken = await tokenFor(await userWithRoles(t, cookie, 'viewer', []));
    const viewer = ['--url', t.server.url, '--ca', t.server.caFile!, '--token', viewerToken];
    for (const args of [['list'], ['create', 'mallory'], ['lock', 'admin']]) {
      const refused = await cli(['users', ...args, ...viewer]);
      assert.equal(refused.code, 2, `${args.join(' ')}: ${refused.out}`);
      assert.match(refused.err, /^error: .+ \(access\.forbidden\)$/m, args.join(' '));
    }
  } finally {
    await t.close();
  }
});
