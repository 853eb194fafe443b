/**
 * Scheduled re-tests: the jitter stays within ±10 % of the interval, the first Test of a slot falls within its
 * first interval, the choice takes due slots longest overdue first and places the unscheduled ones; over a real
 * database (SQLite and PostgreSQL) two schedulers (two processes) run one Test per tenant and period, a tenant
 * whose manual Test runs is skipped, and every result goes into the history (capped at 50) with its events.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createAuditWriter } from '../audit/index.js';
import { createSecretBox, newId, type SecretBox } from '../crypto/index.js';
import type { KeyTestResult } from '../key-test/index.js';
import { fixedClock, type Clock } from '../shared/index.js';
import { createOutbox, openStore, type Db } from '../store/index.js';
import { TEST_PG_URL, testDatabaseKinds } from '../store/test-support/databases.js';
import {
  chooseScheduledTests,
  createKeyTestScheduler,
  defaultTickMs,
  firstScheduledTestAt,
  nextScheduledTestAt,
  RETEST_JITTER,
} from './key-test-schedule.js';
import { createLandscape, createLandscapeEventBus, type KeyTester } from './index.js';
import { TENANT, tenantActor } from './test-support/fixtures.js';

const ADMIN = tenantActor('x_landscape_SecurityAdministrator', { userId: 'u-1', username: 'alice' });

const HOUR = 3_600_000;
const T0 = new Date('2026-11-23T10:00:00.000Z');

test('the next Test is one interval after the claim, give or take 10 %, whatever the random draw', () => {
  const interval = 6 * HOUR;
  assert.equal(
    nextScheduledTestAt(T0, interval, () => 0).getTime() - T0.getTime(),
    Math.round(interval * (1 - RETEST_JITTER)),
  );
  assert.equal(nextScheduledTestAt(T0, interval, () => 0.5).getTime() - T0.getTime(), interval);
  assert.equal(
    nextScheduledTestAt(T0, interval, () => 1).getTime() - T0.getTime(),
    Math.round(interval * (1 + RETEST_JITTER)),
  );
  // a broken random source cannot push it outside the bounds
  for (const bad of [-5, 7, Number.NaN]) {
    const gap = nextScheduledTestAt(T0, interval, () => bad).getTime() - T0.getTime();
    assert.ok(gap >= interval * 0.9 && gap <= interval * 1.1, `${bad} gives ${gap}`);
  }
  const gaps = Array.from(
    { length: 500 },
    () => nextScheduledTestAt(T0, interval, Math.random).getTime() - T0.getTime(),
  );
  assert.ok(Math.min(...gaps) >= interval * 0.9 && Math.max(...gaps) <= interval * 1.1);
  assert.ok(new Set(gaps).size > 400, 'jittered: the gaps differ');
});

test("a slot's first Test falls within its first interval, so that tenants spread out", () => {
  assert.equal(firstScheduledTestAt(T0, HOUR, () => 0).getTime(), T0.getTime());
  assert.equal(firstScheduledTestAt(T0, HOUR, () => 0.25).getTime(), T0.getTime() + HOUR / 4);
  assert.equal(firstScheduledTestAt(T0, HOUR, () => 1).getTime(), T0.getTime() + HOUR);
});

test('the choice: due slots longest overdue first, not-yet-due ones left, unscheduled ones to be placed', () => {
  const at = (ms: number) => new Date(T0.getTime() + ms).toISOString();
  const choice = chooseScheduledTests(
    [
      { tenantId: 'later', nextTestAt: at(1) },
      { tenantId: 'now', nextTestAt: at(0) },
      { tenantId: 'new', nextTestAt: null },
      { tenantId: 'overdue', nextTestAt: at(-HOUR) },
      { tenantId: 'b-same', nextTestAt: at(-5) },
      { tenantId: 'a-same', nextTestAt: at(-5) },
    ],
    T0,
  );
  assert.deepEqual(
    choice.due.map((d) => d.tenantId),
    ['overdue', 'a-same', 'b-same', 'now'],
  );
  assert.deepEqual(choice.unscheduled, ['new']);
});

test('a process looks for due tenants a quarter interval apart, between 250 ms and a minute', () => {
  assert.equal(defaultTickMs(1_000), 250);
  assert.equal(defaultTickMs(120_000), 30_000);
  assert.equal(defaultTickMs(6 * HOUR), 60_000);
});

const KEY = JSON.stringify({
  endpoints: { Api: 'https://acme-calm.eu10.alm.cloud.sap/api' },
  uaa: {
    clientid: 'sb-x!b1|calm!b4711',
    clientsecret: 'k$secret',
    url: 'https://acme-calm.authentication.eu10.hana.ondemand.com',
    identityzone: 'acme-calm',
    'credential-type': 'binding-secret',
  },
});
const GREEN: KeyTestResult = { ok: true, steps: [], summary: 'the key works' };
const RED: KeyTestResult = {
  ok: false,
  steps: [],
  failedStep: 'token',
  reason: 'HTTP 401 invalid_client',
  summary: 'the key failed at step token: HTTP 401 invalid_client',
};

function landscapeOn(db: Db, dialect: 'sqlite' | 'postgres', secrets: SecretBox, clock: Clock, testKey: KeyTester) {
  const outbox = createOutbox({ db, dialect, clock, newId });
  return createLandscape({
    db,
    audit: createAuditWriter(clock),
    clock,
    secrets,
    testKey,
    events: createLandscapeEventBus(outbox, newId),
    retestIntervalMs: HOUR,
    tenants: { find: async (id) => (id === TENANT.tenantId ? TENANT : undefined), list: async () => [TENANT] },
  });
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: two processes' schedulers run one Test per tenant and period; history, events and audit record it`, async () => {
    const storeA = await kind.open();
    const storeB = await openStore(
      storeA.sqliteFile ? { sqliteFile: storeA.sqliteFile } : { databaseUrl: TEST_PG_URL, schema: storeA.pgSchema! },
    );
    const secrets = createSecretBox(randomBytes(32));
    const clock = fixedClock(T0);
    let calls = 0;
    let answer: KeyTestResult = GREEN;
    const tester: KeyTester = async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 20)); // long enough for the other process to try too
      return answer;
    };
    const a = landscapeOn(storeA.db, kind.name, secrets, clock, tester);
    const b = landscapeOn(storeB.db, kind.name, secrets, clock, tester);
    const settings = { intervalMs: HOUR, random: () => 0.5 };
    const schedulerA = createKeyTestScheduler({ db: storeA.db, clock, tests: a.tests, settings });
    const schedulerB = createKeyTestScheduler({ db: storeB.db, clock, tests: b.tests, settings });
    try {
      await a.slot.upload(ADMIN, TENANT.tenantId, { bytes: Buffer.from(KEY) });
      // the first look places the schedule (half an interval ahead with this draw) and tests nothing
      assert.deepEqual(await Promise.all([schedulerA.tick(), schedulerB.tick()]), [0, 0]);
      const placed = await a.tests.history(ADMIN, TENANT.tenantId);
      assert.equal(placed.schedule.nextTestAt, new Date(T0.getTime() + HOUR / 2).toISOString());
      assert.deepEqual(placed.items, []);

      for (let period = 1; period <= 3; period += 1) {
        clock.advance(HOUR);
        if (period === 3) answer = RED;
        const ran = await Promise.all([schedulerA.tick(), schedulerB.tick()]);
        assert.equal(ran[0] + ran[1], 1, `period ${period}: one process ran the Test (${ran.join(', ')})`);
      }
      assert.equal(calls, 3);
      const view = await b.tests.history(ADMIN, TENANT.tenantId);
      assert.deepEqual(
        view.items.map((i) => [i.trigger, i.by, i.status, i.failedStep]),
        [
          ['scheduled', 'schedule', 'failed', 'token'],
          ['scheduled', 'schedule', 'active', null],
          ['scheduled', 'schedule', 'active', null],
        ],
      );
      assert.equal(view.items[0]!.reason, 'Test failed at step "token": HTTP 401 invalid_client');
      assert.equal(view.schedule.nextTestAt, new Date(clock.now().getTime() + HOUR).toISOString());

      const events = await storeA.db.selectFrom('outbox_events').select(['topic', 'payload']).execute();
      const tested = events.filter((e) => e.topic === 'lm.key.tested').map((e) => JSON.parse(e.payload));
      assert.deepEqual(tested.map((e) => [e.status, e.trigger, e.failedStep]).sort(), [
        ['green', 'scheduled', null],
        ['green', 'scheduled', null],
        ['red', 'scheduled', 'token'],
      ]);
      const red = events.filter((e) => e.topic === 'lm.key.turned_red').map((e) => JSON.parse(e.payload));
      assert.equal(red.length, 1);
      assert.equal(red[0].previousStatus, 'green');
      assert.equal(red[0].tenantId, TENANT.tenantId);
      assert.ok(!JSON.stringify(events).includes('k$secret'), 'no secret in an event');

      const audits = await storeA.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'lm.service_key.tested')
        .execute();
      assert.equal(audits.length, 3);
      for (const r of audits) {
        assert.equal(r.actor_type, 'system');
        assert.equal(r.actor_name, 'schedule');
        assert.equal(JSON.parse(r.details).trigger, 'scheduled');
      }

      // red again: no second turned_red (the status did not change)
      clock.advance(HOUR);
      await schedulerA.tick();
      const reds = await storeA.db
        .selectFrom('outbox_events')
        .select('id')
        .where('topic', '=', 'lm.key.turned_red')
        .execute();
      assert.equal(reds.length, 1);
    } finally {
      await schedulerA.stop();
      await schedulerB.stop();
      await storeB.close();
      await storeA.close();
    }
  });

  test(`${kind.name}: a tenant whose manual Test is running is skipped until its next period; history keeps the last 50`, async () => {
    const store = await kind.open();
    const secrets = createSecretBox(randomBytes(32));
    const clock = fixedClock(T0);
    const pending: ((r: KeyTestResult) => void)[] = [];
    let slow = true;
    const tester: KeyTester = () =>
      slow ? new Promise((resolve) => pending.push(resolve)) : Promise.resolve(pending.length % 2 ? GREEN : RED);
    const lm = landscapeOn(store.db, kind.name, secrets, clock, tester);
    const scheduler = createKeyTestScheduler({
      db: store.db,
      clock,
      tests: lm.tests,
      settings: { intervalMs: HOUR, random: () => 0 },
    });
    try {
      await lm.slot.upload(ADMIN, TENANT.tenantId, { bytes: Buffer.from(KEY) });
      await scheduler.tick(); // placed, due at once with this draw
      const manual = lm.tests.test(ADMIN, TENANT.tenantId);
      while (pending.length === 0) await new Promise((r) => setTimeout(r, 5));
      assert.equal(await scheduler.tick(), 1, 'the period was claimed');
      assert.equal(pending.length, 1, 'but the scheduled Test did not call the tester: the manual one holds the lease');
      const before = (await lm.tests.history(ADMIN, TENANT.tenantId)).schedule.nextTestAt;
      assert.ok(before && before > clock.now().toISOString(), 'skipped until the next period');
      pending[0]!(GREEN);
      await manual;
      assert.deepEqual(
        (await lm.tests.history(ADMIN, TENANT.tenantId)).items.map((i) => [i.trigger, i.by]),
        [['manual', 'alice']],
      );

      slow = false;
      for (let i = 0; i < 55; i += 1) {
        pending.push(() => undefined); // alternates green and red
        await lm.tests.runScheduled(TENANT.tenantId);
      }
      const view = await lm.tests.history(ADMIN, TENANT.tenantId);
      assert.equal(view.items.length, 50);
      assert.equal(view.limit, 50);
      assert.ok(!view.items.some((i) => i.trigger === 'manual'), 'the oldest (the manual one) was pruned');
      const rows = await store.db.selectFrom('lm_key_tests').select('seq').orderBy('seq').execute();
      assert.deepEqual(
        rows.map((r) => Number(r.seq)),
        Array.from({ length: 50 }, (_, i) => i + 7),
        'the newest 50 are kept',
      );
    } finally {
      await scheduler.stop();
      await store.close();
    }
  });
}

test('stop waits for the scheduled Test in progress, which is then stored whole; no Test starts after it', async () => {
  const [kind] = await testDatabaseKinds();
  const store = await kind!.open();
  const secrets = createSecretBox(randomBytes(32));
  const clock = fixedClock(T0);
  const pending: ((r: KeyTestResult) => void)[] = [];
  const tester: KeyTester = () => new Promise((resolve) => pending.push(resolve));
  const lm = landscapeOn(store.db, kind!.name, secrets, clock, tester);
  const scheduler = createKeyTestScheduler({
    db: store.db,
    clock,
    tests: lm.tests,
    settings: { intervalMs: HOUR, random: () => 0, tickMs: 10 },
  });
  try {
    await lm.slot.upload(ADMIN, TENANT.tenantId, { bytes: Buffer.from(KEY) });
    scheduler.start();
    while (pending.length === 0) await new Promise((r) => setTimeout(r, 5)); // placed, due at once, running
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(stopped, false, 'stop waits for the Test in progress');
    pending[0]!(RED);
    await stopping;
    const view = await lm.tests.history(ADMIN, TENANT.tenantId);
    assert.deepEqual(
      view.items.map((i) => [i.trigger, i.status]),
      [['scheduled', 'failed']],
    );
    assert.equal((await lm.slot.view(ADMIN, TENANT.tenantId)).key?.status.value, 'failed');
    const audits = await store.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'lm.service_key.tested')
      .execute();
    assert.equal(audits.length, 1);
    assert.deepEqual(await store.db.selectFrom('lm_test_leases').selectAll().execute(), [], 'the lease is released');
    clock.advance(10 * HOUR);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(pending.length, 1, 'no Test after stop');
  } finally {
    await scheduler.stop();
    await store.close();
  }
});
