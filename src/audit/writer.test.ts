import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from '../store/test-support/databases.js';
import { withTx } from '../store/index.js';
import { fixedClock } from '../shared/index.js';
import { createAuditWriter } from './writer.js';
import { listAuditEvents } from './query.js';
import { runInRequestScope } from './request-scope.js';

const clock = fixedClock(new Date('2026-11-23T10:00:00Z'));
const audit = createAuditWriter(clock);
const actor = { type: 'user' as const, id: 'u1', name: 'alice' };

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: an audit event written in a rolled-back transaction disappears with the change`, async () => {
    const store = await kind.open();
    try {
      await withTx(store.db, (tx) =>
        audit.record(tx, {
          action: 'access.api_token.created',
          outcome: 'success',
          actor,
          targetId: 't1',
          details: { name: 'ci', tokenPrefix: 'ck_pat_ab', expiresAt: null },
        }),
      );
      await assert.rejects(
        withTx(store.db, async (tx) => {
          await audit.record(tx, {
            action: 'access.api_token.revoked',
            outcome: 'success',
            actor,
            targetId: 't1',
            details: { name: 'ci', tokenPrefix: 'ck_pat_ab' },
          });
          throw new Error('the change failed');
        }),
      );
      const events = await listAuditEvents(store.db);
      assert.deepEqual(
        events.map((e) => e.action),
        ['access.api_token.created'],
      );
      assert.equal(events[0]!.at, '2026-11-23T10:00:00.000Z');
      assert.equal(events[0]!.target.type, 'api_token');
      assert.deepEqual(events[0]!.details, { name: 'ci', tokenPrefix: 'ck_pat_ab', expiresAt: null });
    } finally {
      await store.close();
    }
  });

  test(`${kind.name}: filters by tenant, actor and action, newest first`, async () => {
    const store = await kind.open();
    try {
      const base = { outcome: 'success' as const, details: { action: 'x', resourceKind: 'tenant' } };
      await audit.record(store.db, { ...base, action: 'access.denied', actor, tenantId: 'tA' });
      await audit.record(store.db, {
        ...base,
        action: 'access.denied',
        actor: { type: 'user', id: 'u2', name: 'bob' },
        tenantId: 'tB',
      });
      await audit.record(store.db, { ...base, action: 'access.denied', actor, tenantId: 'tB' });
      assert.equal((await listAuditEvents(store.db, { tenantId: 'tB' })).length, 2);
      assert.equal((await listAuditEvents(store.db, { tenantId: 'tB', actorId: 'u1' })).length, 1);
      const all = await listAuditEvents(store.db);
      assert.ok(all[0]!.seq > all[1]!.seq);
    } finally {
      await store.close();
    }
  });

  test(`${kind.name}: a record written in a request scope carries its request id, also across awaits; outside one none`, async () => {
    const store = await kind.open();
    try {
      const base = {
        action: 'access.denied' as const,
        outcome: 'denied' as const,
        actor,
        details: { action: 'x', resourceKind: 'tenant' },
      };
      await audit.record(store.db, { ...base, tenantId: 'outside' });
      // two requests served at once, each writing after an await: neither takes the other's id
      const served = (requestId: string, tenantId: string) =>
        runInRequestScope(requestId, async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          await withTx(store.db, (tx) => audit.record(tx, { ...base, tenantId }));
        });
      await Promise.all([served('req-1', 'one'), served('req-2', 'two')]);
      const byTenant = Object.fromEntries((await listAuditEvents(store.db)).map((e) => [e.tenantId, e.requestId]));
      assert.deepEqual(byTenant, { outside: null, one: 'req-1', two: 'req-2' });
      assert.deepEqual(
        (await listAuditEvents(store.db, { requestId: 'req-2' })).map((e) => e.tenantId),
        ['two'],
      );
    } finally {
      await store.close();
    }
  });
}

test('details that would carry a secret as text are refused', async () => {
  const kinds = await testDatabaseKinds();
  const store = await kinds[0]!.open();
  try {
    await assert.rejects(
      audit.record(store.db, {
        action: 'access.user.created',
        outcome: 'success',
        actor,
        // a mistaken caller: the type system stops this too, the run-time check is the second guard
        details: { username: 'x', generatedPassword: true, password: 'hunter2' } as never,
      }),
      /details\.password/,
    );
  } finally {
    await store.close();
  }
});
