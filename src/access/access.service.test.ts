import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { testDatabaseKinds, type TestStore } from '../store/test-support/databases.js';
import { createAuditWriter, listAuditEvents } from '../audit/index.js';
import { fixedClock, isDomainError } from '../shared/index.js';
import { createAccessService } from './access.service.js';

async function setup(store: TestStore) {
  const clock = fixedClock(new Date('2026-11-23T10:00:00Z'));
  const access = createAccessService({
    db: store.db,
    audit: createAuditWriter(clock),
    clock,
    sessionTtlMs: 3_600_000,
    usernameHashKey: Buffer.alloc(32, 7),
  });
  return { access, clock };
}

/** Every byte SQLite wrote for this database: the main file plus WAL and shared memory. */
function sqliteBytes(file: string): Buffer {
  const dir = dirname(file);
  const base = file.split('/').pop()!;
  return Buffer.concat(
    readdirSync(dir)
      .filter((f) => f.startsWith(base))
      .map((f) => readFileSync(join(dir, f))),
  );
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: first start creates one administrator with a one-time password, only once`, async () => {
    const store = await kind.open();
    try {
      const { access } = await setup(store);
      const first = await access.ensureInitialAdmin('admin', undefined);
      assert.equal(first.created, true);
      assert.match(first.oneTimePassword ?? '', /^[2-9a-km-np-z]{5}(-[2-9a-km-np-z]{5}){3}$/, 'readable: no 0/O/1/l/I');
      assert.deepEqual(await access.ensureInitialAdmin('admin', undefined), { created: false });
      const login = await access.login('admin', first.oneTimePassword!);
      assert.equal(login.mustChangePassword, true);
      assert.deepEqual(login.actor.assignments, [{ role: 'SystemAdministrator', scopeType: 'system', scopeId: '*' }]);
    } finally {
      await store.close();
    }
  });

  test(`${kind.name}: sessions and API tokens resolve to the user until logout, revocation or expiry`, async () => {
    const store = await kind.open();
    try {
      const { access, clock } = await setup(store);
      await access.ensureInitialAdmin('admin', 'correct horse battery');
      await assert.rejects(
        access.login('admin', 'wrong password!!'),
        (e) => isDomainError(e) && e.kind === 'unauthenticated',
      );
      await assert.rejects(
        access.login('nobody', 'whatever12345'),
        (e) => isDomainError(e) && e.message === 'The user name or password is wrong.',
      );
      const { sessionToken, actor } = await access.login('admin', 'correct horse battery');
      assert.equal((await access.resolveSession(sessionToken))?.username, 'admin');

      const created = await access.createApiToken(actor, { name: 'ci', expiresInDays: 1 });
      assert.match(created.token, /^ckpat_/);
      assert.equal((await access.resolveApiToken(created.token))?.via.kind, 'api_token');
      assert.equal(await access.resolveApiToken(`${created.token}x`), undefined);
      clock.advance(2 * 86_400_000);
      assert.equal(await access.resolveApiToken(created.token), undefined, 'expired');
      assert.equal(await access.resolveSession(sessionToken), undefined, 'session expired too');

      const second = await access.createApiToken(actor, { name: 'cli' });
      await access.revokeApiToken(actor, second.id);
      assert.equal(await access.resolveApiToken(second.token), undefined, 'revoked');

      const actions = (await listAuditEvents(store.db)).map((e) => e.action).reverse();
      assert.deepEqual(actions, [
        'access.user.created',
        'access.login.failed',
        'access.login.failed',
        'access.login.succeeded',
        'access.api_token.created',
        'access.api_token.created',
        'access.api_token.revoked',
      ]);
    } finally {
      await store.close();
    }
  });

  test(`${kind.name}: a weak new password is refused naming newPassword, a weak first password naming password`, async () => {
    const store = await kind.open();
    try {
      const { access } = await setup(store);
      await access.ensureInitialAdmin('admin', 'correct horse battery');
      const { actor } = await access.login('admin', 'correct horse battery');
      await assert.rejects(
        access.changePassword(actor, 'correct horse battery', 'short'),
        (e) =>
          isDomainError(e) &&
          e.code === 'access.weak_password' &&
          e.details[0]?.path === 'newPassword' &&
          /newPassword/.test(e.message),
      );
      await assert.rejects(
        access.createUser(actor, { username: 'dave', password: 'short' }),
        (e) => isDomainError(e) && e.details[0]?.path === 'password',
      );
    } finally {
      await store.close();
    }
  });

  test(`${kind.name}: role assignment needs the administrator and a known role with its scope`, async () => {
    const store = await kind.open();
    try {
      const { access } = await setup(store);
      await access.ensureInitialAdmin('admin', 'correct horse battery');
      const { actor: admin } = await access.login('admin', 'correct horse battery');
      const bob = await access.createUser(admin, { username: 'bob', password: 'bob-password-1' });
      await access.assignRole(admin, { username: 'bob', role: 'x_landscape_SecurityViewer', scopeId: 'tenant-1' });
      await access.assignRole(admin, { username: 'bob', role: 'x_landscape_SecurityViewer', scopeId: 'tenant-1' }); // idempotent
      await assert.rejects(access.assignRole(admin, { username: 'bob', role: 'Superuser' }), /is not a role/);
      await assert.rejects(
        access.assignRole(admin, { username: 'bob', role: 'SubaccountAdministrator' }),
        /give its id as scopeId/,
      );
      const { actor: bobActor } = await access.login('bob', 'bob-password-1');
      assert.equal(bobActor.userId, bob.id);
      assert.deepEqual(bobActor.assignments, [
        { role: 'x_landscape_SecurityViewer', scopeType: 'tenant', scopeId: 'tenant-1' },
      ]);
      await assert.rejects(
        access.createUser(bobActor, { username: 'eve' }),
        (e) => isDomainError(e) && e.kind === 'forbidden',
      );
      await assert.rejects(
        access.createUser(admin, { username: 'bob', password: 'another-password' }),
        (e) => isDomainError(e) && e.kind === 'conflict',
      );
    } finally {
      await store.close();
    }
  });
}

test('sqlite: neither passwords nor API tokens nor session ids are stored in plain text', async () => {
  const kinds = await testDatabaseKinds();
  const store = await kinds[0]!.open();
  try {
    const { access } = await setup(store);
    const password = 'Plaintext-Password-4711';
    await access.ensureInitialAdmin('admin', password);
    const { actor, sessionToken } = await access.login('admin', password);
    const { token } = await access.createApiToken(actor, { name: 'automation' });
    const { oneTimePassword } = await access.createUser(actor, { username: 'carol' });
    await store.close();
    const bytes = sqliteBytes(store.sqliteFile!);
    assert.ok(bytes.length > 0);
    for (const secret of [password, token, sessionToken, oneTimePassword!]) {
      assert.equal(bytes.includes(Buffer.from(secret)), false, 'a secret was found in the database file');
    }
    assert.equal(
      bytes.includes(Buffer.from('automation')),
      true,
      'the search itself works: a stored plain value is found',
    );
  } finally {
    await store.close().catch(() => undefined);
  }
});
