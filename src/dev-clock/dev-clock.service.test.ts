import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KyselyPlugin } from 'kysely';
import { ALL_ROLES, decide, type Actor } from '../access/index.js';
import { createAuditWriter } from '../audit/index.js';
import { createAdjustableClock, fixedClock, isDomainError } from '../shared/index.js';
import { testDatabaseKinds } from '../store/test-support/databases.js';
import { createDevClock, MAX_OFFSET_MS } from './dev-clock.service.js';

const HOUR = 3_600_000;
const admin: Actor = {
  userId: 'u-admin',
  username: 'admin',
  via: { kind: 'session' },
  assignments: [{ role: 'SystemAdministrator', scopeType: 'system', scopeId: '*' }],
};
const keyAdmin: Actor = {
  userId: 'u-key',
  username: 'key-admin',
  via: { kind: 'session' },
  assignments: [{ role: 'x_landscape_SecurityAdministrator', scopeType: 'tenant', scopeId: 't1' }],
};

const codeOf = async (work: Promise<unknown>) => {
  try {
    await work;
    return 'no error';
  } catch (error) {
    return isDomainError(error) ? error.code : String(error);
  }
};

test('system.clock.manage: the calm-keys administrator only; no tenant or BTP role moves the clock', () => {
  assert.equal(decide(admin, 'system.clock.manage', { kind: 'system' }), 'allow');
  for (const role of ALL_ROLES.filter((r) => r !== 'SystemAdministrator'))
    assert.equal(
      decide({ ...admin, assignments: [{ role, scopeType: 'system', scopeId: '*' }] }, 'system.clock.manage', {
        kind: 'system',
      }),
      'forbidden',
      role,
    );
});

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: two processes on one database share the offset; concurrent advances both count; bounds`, async () => {
    const store = await kind.open();
    try {
      const real = fixedClock(new Date('2026-06-01T00:00:00Z'));
      const audit = createAuditWriter(real);
      const clockA = createAdjustableClock(real);
      const clockB = createAdjustableClock(real);
      const a = createDevClock({ db: store.db, audit, clock: clockA });
      const b = createDevClock({ db: store.db, audit, clock: clockB });

      const moved = await a.advanceAs(admin, '13h');
      assert.equal(moved.offsetMs, 13 * HOUR);
      assert.equal(moved.now, '2026-06-01T13:00:00.000Z');
      assert.equal(clockA.offsetMs(), 13 * HOUR, 'the mover applies it at once');
      assert.equal(clockB.offsetMs(), 0, 'the other process before its re-read');
      await b.refresh();
      assert.equal(clockB.now().toISOString(), '2026-06-01T13:00:00.000Z', 'and after it');

      await Promise.all([a.advanceAs(admin, '1h'), b.advanceAs(admin, '30m')]);
      await a.refresh();
      assert.equal(clockA.offsetMs(), 14.5 * HOUR, 'neither advance is lost');

      assert.equal(await codeOf(a.advanceAs(admin, `${MAX_OFFSET_MS / 86_400_000}d`)), 'clock.bad_duration');
      assert.equal(await codeOf(a.advanceAs(admin, 'soon')), 'clock.bad_duration');
      assert.equal(await codeOf(a.advanceAs(keyAdmin, '1h')), 'access.forbidden');
      assert.equal(await codeOf(b.resetAs(keyAdmin)), 'access.forbidden');
      await a.refresh();
      assert.equal(clockA.offsetMs(), 14.5 * HOUR, 'no refused move changed it');

      const reset = await b.resetAs(admin);
      assert.equal(reset.offsetMs, 0);
      await a.refresh();
      assert.equal(clockA.now().toISOString(), real.now().toISOString());

      const actions = (await store.db.selectFrom('audit_events').select(['action', 'outcome']).execute()).map(
        (e) => `${e.action}:${e.outcome}`,
      );
      assert.equal(actions.filter((x) => x === 'system.clock.advanced:success').length, 3);
      assert.equal(actions.filter((x) => x === 'system.clock.reset:success').length, 1);
      assert.equal(actions.filter((x) => x === 'access.denied:denied').length, 2);
    } finally {
      await store.close();
    }
  });

  test(`${kind.name}: without --dev-clock the clock shows real time and refuses to move, recorded`, async () => {
    const store = await kind.open();
    try {
      const devClock = createDevClock({
        db: store.db,
        audit: createAuditWriter(fixedClock(new Date())),
        clock: undefined,
      });
      await devClock.start(); // reads nothing: there is no clock to set
      assert.equal((await devClock.showAs(admin)).adjustable, false);
      assert.equal(await codeOf(devClock.advanceAs(admin, '1h')), 'clock.not_adjustable');
      assert.equal(await codeOf(devClock.resetAs(admin)), 'clock.not_adjustable');
      const refused = await store.db
        .selectFrom('audit_events')
        .select('action')
        .where('action', '=', 'system.clock.refused')
        .execute();
      assert.equal(refused.length, 2);
      devClock.stop();
    } finally {
      await store.close();
    }
  });
}

// PostgreSQL: its pool lets the advance commit while the re-read waits (SQLite's one connection serialises them)
const pgKind = (await testDatabaseKinds()).find((k) => k.name === 'postgres');
test(
  'a re-read that began before a move here does not set the clock back to what it read',
  { skip: !pgKind },
  async () => {
    const store = await pgKind!.open();
    try {
      const real = fixedClock(new Date('2026-06-01T00:00:00Z'));
      const clock = createAdjustableClock(real);
      // the first query (the re-read) answers only after 200 ms: the advance commits in between
      let first = true;
      const slowFirstRead: KyselyPlugin = {
        transformQuery: (args) => args.node,
        async transformResult(args) {
          if (first) {
            first = false;
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
          return args.result;
        },
      };
      const devClock = createDevClock({
        db: store.db.withPlugin(slowFirstRead),
        audit: createAuditWriter(real),
        clock,
      });
      const stale = devClock.refresh(); // reads 0, answered after the advance below
      await devClock.advanceAs(admin, '1h');
      await stale;
      assert.equal(clock.offsetMs(), HOUR);
    } finally {
      await store.close();
    }
  },
);
