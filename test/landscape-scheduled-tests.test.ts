/**
 * Scheduled re-tests on the real server, SQLite and PostgreSQL, with a 1 s interval: a green slot is tested
 * again by "schedule" without anyone asking; after its binding is deleted in BTP the next scheduled Test turns it
 * red at the token step, the history shows the failed step, and a `key.turned_red` event waits in the outbox.
 * The BTP deletion's own event is held back here (CALM_KEYS_OUTBOX_DELAY_MS), so the copy is not flagged by the
 * deleted-in-BTP watcher first: the scheduled Test must find the deletion itself, as it does for a key of another
 * BTP (a real SAP key). The history keeps the last 50; a Security Viewer reads it, another tenant's person gets 404.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { runCliCaptured } from './support/cli.js';
import { signIn, startTestServer, type TestServer } from './support/server.js';
import { ADMIN_PASSWORD, btpKey, emptyTenant, slotPath, uploadRaw, userWithRoles } from './support/landscape.js';

interface HistoryItem {
  at: string;
  trigger: string;
  by: string;
  status: string;
  reason: string | null;
  failedStep: string | null;
}

async function history(t: TestServer, cookie: string, tenantId: string) {
  const res = await t.http.call('GET', `${slotPath(tenantId)}/tests`, { cookie });
  assert.equal(res.status, 200, res.text);
  return res.json() as {
    schedule: { enabled: boolean; intervalSeconds: number; nextTestAt: string | null };
    limit: number;
    items: HistoryItem[];
  };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: a green slot is re-tested on schedule; after a BTP delete the next scheduled Test turns it red`, async () => {
    const t = await startTestServer({
      database: kind.name,
      env: {
        CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD,
        CALM_KEYS_KEY_RETEST_INTERVAL_SECONDS: '1',
        CALM_KEYS_OUTBOX_DELAY_MS: '600000',
      },
      start: { demo: false },
    });
    try {
      const tenant = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
      const { cookie, tenantId } = tenant;
      const key = await btpKey(t, cookie, tenant.subaccountId, undefined, ['metrics.read', 'hm.read']);
      assert.equal((await uploadRaw(t, cookie, tenantId, key.keyText)).status, 201);
      const manual = await t.http.call('POST', `${slotPath(tenantId)}/test`, { cookie });
      assert.equal(manual.status, 200, manual.text);
      assert.equal(manual.json().status, 'active', manual.text);

      // without anyone asking, the schedule tests it again: green, by "schedule"
      const scheduled = await waitFor('a scheduled green Test', async () => {
        const h = await history(t, cookie, tenantId);
        return h.items.find((i) => i.trigger === 'scheduled');
      });
      assert.equal(scheduled.by, 'schedule');
      assert.equal(scheduled.status, 'active');
      assert.equal(scheduled.failedStep, null);
      const view = await history(t, cookie, tenantId);
      assert.deepEqual(view.schedule.enabled, true);
      assert.equal(view.schedule.intervalSeconds, 1);
      assert.ok(view.schedule.nextTestAt, 'the next scheduled Test is shown');
      assert.equal(view.items.at(-1)!.trigger, 'manual');
      assert.equal(view.items.at(-1)!.by, 'admin');
      const times = view.items.map((i) => i.at);
      assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
      // audited like the manual Test, with the schedule as the (system) actor
      const audits = await t.server.store.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'lm.service_key.tested')
        .where('tenant_id', '=', tenantId)
        .execute();
      assert.ok(audits.some((a) => a.actor_type === 'user' && a.actor_name === 'admin'));
      assert.ok(audits.some((a) => a.actor_type === 'system' && a.actor_name === 'schedule'));

      // delete the binding in BTP: its client can no longer get a token
      const deleted = await t.http.call('DELETE', `/v1/service_bindings/${key.bindingId}?async=false`, { cookie });
      assert.ok(deleted.status < 300, deleted.text);
      const red = await waitFor('a scheduled red Test', async () => {
        const h = await history(t, cookie, tenantId);
        return h.items[0]?.status === 'failed' ? h.items[0] : undefined;
      });
      assert.equal(red.trigger, 'scheduled');
      assert.equal(red.failedStep, 'token');
      assert.match(red.reason ?? '', /^Test failed at step "token": .*401/);
      const slot = (await t.http.call('GET', slotPath(tenantId), { cookie })).json();
      assert.equal(slot.key.status.value, 'failed');
      assert.equal(slot.key.deletedInBtp, null, "the watcher's event is held back: the Test found it");

      const events = await t.server.store.db
        .selectFrom('outbox_events')
        .select(['topic', 'payload'])
        .where('topic', 'in', ['lm.key.turned_red', 'lm.key.tested'])
        .execute();
      const mine = events
        .map((e) => ({ topic: e.topic, ...JSON.parse(e.payload) }))
        .filter((e) => e.tenantId === tenantId);
      const turned = mine.filter((e) => e.topic === 'lm.key.turned_red');
      assert.equal(turned.length, 1, JSON.stringify(turned));
      assert.equal(turned[0].previousStatus, 'green');
      assert.match(turned[0].reason, /step "token"/);
      assert.ok(mine.some((e) => e.topic === 'lm.key.tested' && e.trigger === 'manual' && e.status === 'green'));
      assert.ok(mine.some((e) => e.topic === 'lm.key.tested' && e.trigger === 'scheduled' && e.failedStep === 'token'));
      const everything = JSON.stringify(events) + JSON.stringify(await history(t, cookie, tenantId));
      assert.ok(!everything.includes(key.secret), 'no secret in the events or the history');

      // the CLI prints the history as a table with the failed step, and the next scheduled Test
      const apiToken = (await t.http.call('POST', '/auth/v1/tokens', { cookie, body: { name: 'history' } })).json()
        .token as string;
      const cli = await runCliCaptured([
        'lm',
        'key',
        'tests',
        '--tenant',
        tenantId,
        '--url',
        t.server.url,
        '--ca',
        t.server.caFile!,
        '--token',
        apiToken,
      ]);
      assert.equal(cli.code, 0, cli.err + cli.out);
      assert.match(cli.out, /^TIME +TRIGGER +BY +STATUS +FAILED STEP +REASON/);
      assert.match(cli.out, /\n\S+ +scheduled +schedule +red +token +Test failed at step "token"/);
      assert.match(cli.out, /\S+ +manual +admin +green +- /);
      assert.match(cli.out, /next scheduled Test at \S+ \(every 1 s, ±10 %\)/);
      assert.ok(!cli.out.includes(key.secret));

      // a Security Viewer reads the history; a person of another tenant gets 404, as for an unknown tenant
      const viewer = await userWithRoles(t, cookie, `viewer-${kind.name}`, [
        { role: 'x_landscape_SecurityViewer', scopeId: tenantId },
      ]);
      assert.ok((await history(t, viewer, tenantId)).items.length >= 3);
      const other = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
      const stranger = await userWithRoles(t, other.cookie, `stranger-${kind.name}`, [
        { role: 'x_landscape_SecurityAdministrator', scopeId: other.tenantId },
      ]);
      const refused = await t.http.call('GET', `${slotPath(tenantId)}/tests`, { cookie: stranger });
      assert.equal(refused.status, 404, refused.text);
      assert.equal(refused.json().error.code, 'lm.tenant.not_found');
      const unknown = await t.http.call('GET', `${slotPath('no-such-tenant')}/tests`, { cookie });
      assert.equal(unknown.status, 404);
      // the other tenant's own (empty) history: nothing of the first tenant, no next Test without a key
      const empty = await history(t, stranger, other.tenantId);
      assert.deepEqual(empty.items, []);
      assert.equal(empty.schedule.nextTestAt, null);

      // the history is capped at 50: 60 more results (written as the service writes them, one seq after the other,
      // to save 60 real Tests), then one real Test: only the newest 50 remain, the real first results among the pruned
      const db = t.server.store.db;
      const top = await db
        .selectFrom('lm_key_tests')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow();
      const from = Number(top.seq) + 1;
      await db
        .insertInto('lm_key_tests')
        .values(
          Array.from({ length: 60 }, (_, i) => ({
            tenant_id: tenantId,
            seq: from + i,
            id: `seeded-${i}`,
            key_id: slot.key.id,
            tested_at: new Date().toISOString(),
            trigger: 'scheduled',
            tested_by: 'schedule',
            status: 'failed',
            reason: 'seeded',
            failed_step: 'token',
            summary: 'seeded',
          })),
        )
        .execute();
      for (;;) {
        const res = await t.http.call('POST', `${slotPath(tenantId)}/test`, { cookie });
        if (res.status === 409) {
          await new Promise((r) => setTimeout(r, 50)); // the schedule's Test is running
          continue;
        }
        assert.equal(res.status, 200, res.text);
        break;
      }
      const capped = await history(t, cookie, tenantId);
      assert.equal(capped.limit, 50);
      assert.equal(capped.items.length, 50);
      assert.ok(!capped.items.some((i) => i.status === 'active'), 'the green results (the oldest) were pruned');
      assert.ok(
        capped.items.some((i) => i.trigger === 'manual' && i.by === 'admin'),
        'the real Test is kept',
      );
      const stored = await t.server.store.db
        .selectFrom('lm_key_tests')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow();
      assert.equal(Number(stored.n), 50);
    } finally {
      await t.close();
    }
  });
}
