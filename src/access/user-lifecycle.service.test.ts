/**
 * The last-administrator rule over the service, on SQLite and PostgreSQL: a locked administrator does not count,
 * so with the other one locked the remaining one keeps the role; unlocked again, the role may go. A locked user's
 * session and API token resolve to no one, and the lock ends the sessions in its transaction.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from '../store/test-support/databases.js';
import { createAuditWriter } from '../audit/index.js';
import { fixedClock, isDomainError } from '../shared/index.js';
import { createAccessService } from './access.service.js';

const PASSWORD = 'a-long-password-1';

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: a locked administrator does not count as the one who stays; a lock refuses sessions and tokens`, async () => {
    const store = await kind.open();
    try {
      const clock = fixedClock(new Date('2026-12-03T10:00:00Z'));
      const access = createAccessService({
        db: store.db,
        audit: createAuditWriter(clock),
        clock,
        sessionTtlMs: 3_600_000,
      });
      await access.ensureInitialAdmin('first', PASSWORD);
      const first = (await access.login('first', PASSWORD)).actor;
      await access.createUser(first, { username: 'second', password: PASSWORD });
      await access.assignRole(first, { username: 'second', role: 'SystemAdministrator' });
      const second = await access.login('second', PASSWORD);
      const token = await access.createApiToken(second.actor, { name: 'ci' });

      await access.lockUser(first, 'second');
      assert.equal(await access.resolveSession(second.sessionToken), undefined, 'the session ended');
      assert.equal(await access.resolveApiToken(token.token), undefined, 'the token is refused while locked');
      await assert.rejects(
        access.revokeRole(first, { username: 'first', role: 'SystemAdministrator' }),
        (e: unknown) => isDomainError(e) && e.code === 'access.last_administrator',
        'the other administrator is locked: this one stays',
      );

      await access.unlockUser(first, 'second');
      assert.equal((await access.resolveApiToken(token.token))?.username, 'second', 'the token works again');
      await access.revokeRole(first, { username: 'first', role: 'SystemAdministrator' });
      const fresh = (await access.login('first', PASSWORD)).actor;
      await assert.rejects(
        access.lockUser(fresh, 'second'),
        (e: unknown) => isDomainError(e) && e.code === 'access.forbidden',
        'no longer an administrator',
      );
    } finally {
      await store.close();
    }
  });
}
