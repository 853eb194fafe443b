import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { createAuditWriter } from '../audit/index.js';
import { createSecretBox, newWebhookSecret, standardWebhookSignature } from '../crypto/index.js';
import type { EgressRequest, EgressResponse } from '../egress/index.js';
import { fixedClock } from '../shared/index.js';
import { testDatabaseKinds } from '../store/test-support/databases.js';
import { createDeliveryWorker, secretContext, type WebhookEvent } from './delivery.js';
import type { WebhookDeps } from './webhooks.deps.js';
import * as repo from './webhooks.repo.js';

const T0 = new Date('2026-12-01T10:00:00.000Z');
const event = (id: string, type = 'key.uploaded'): WebhookEvent => ({
  id,
  type,
  tenantId: 'tenant-1',
  at: T0.toISOString(),
  data: { id, tenantId: 'tenant-1', at: T0.toISOString(), clientId: 'sb-x' },
});

function sender(statuses: number[]) {
  const sent: EgressRequest[] = [];
  return {
    sent,
    async request(request: EgressRequest): Promise<EgressResponse> {
      sent.push(request);
      const status = statuses.shift() ?? 200;
      return { status, headers: {}, bodyText: '', bodyBytes: Buffer.alloc(0), json: () => undefined };
    },
  };
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: once per event, retried with backoff, given up after 24 h, picked up after a restart`, async () => {
    const store = await kind.open();
    try {
      const clock = fixedClock(T0);
      const secrets = createSecretBox(randomBytes(32));
      const secret = newWebhookSecret();
      const subscription: repo.SubscriptionRow = {
        tenant_id: 'tenant-1',
        id: 'sub-1',
        url: 'https://receiver.example/hook',
        events: JSON.stringify(['key.uploaded']),
        enabled: 1,
        secret_sealed: secrets.seal(Buffer.from(secret), secretContext('tenant-1', 'sub-1')),
        created_by_id: null,
        created_by_name: 'test',
        created_at: T0.toISOString(),
        updated_at: T0.toISOString(),
      };
      await repo.insertSubscription(store.db, subscription);
      const deps = (s: ReturnType<typeof sender>): WebhookDeps => ({
        db: store.db,
        dialect: store.dialect,
        audit: createAuditWriter(clock),
        clock,
        secrets,
        tenants: { find: async () => undefined },
        sender: s,
        allowsUrl: () => true,
        eventTypes: ['key.uploaded', 'key.deleted'],
        settings: { pollMs: 3_600_000 },
        random: () => 0,
      });
      const failing = sender([503, 503, 503]);
      const a = createDeliveryWorker(deps(failing));
      a.start();
      // the outbox hands the event over twice; an event the subscription did not ask for is not queued
      await a.fanOut(event('e1'));
      await a.fanOut(event('e1'));
      await a.fanOut(event('e2', 'key.deleted'));
      await a.deliverDue();
      assert.equal(failing.sent.length, 1, 'sent once');
      const [request] = failing.sent as [EgressRequest];
      const headers = request.headers!;
      assert.equal(headers['webhook-timestamp'], String(T0.getTime() / 1000));
      assert.equal(
        headers['webhook-signature'],
        standardWebhookSignature(secret, headers['webhook-id']!, T0.getTime() / 1000, String(request.body)),
      );
      assert.deepEqual(JSON.parse(String(request.body)), {
        type: 'key.uploaded',
        timestamp: T0.toISOString(),
        data: event('e1').data,
      });
      // not due yet: nothing is sent; due after the backoff (random 0: half of 5 s)
      await a.deliverDue();
      assert.equal(failing.sent.length, 1);
      clock.advance(2_500);
      await a.deliverDue();
      assert.equal(failing.sent.length, 2);
      assert.equal(failing.sent[1]!.headers!['webhook-id'], headers['webhook-id'], 'the same webhook-id on a retry');
      // 24 h later the next attempt would be past the window: failed, never sent again
      clock.advance(24 * 3_600_000);
      await a.deliverDue();
      assert.equal(failing.sent.length, 3);
      clock.advance(48 * 3_600_000);
      await a.deliverDue();
      assert.equal(failing.sent.length, 3);
      const log = await repo.listAttempts(store.db, 'tenant-1', 'sub-1', 10);
      assert.deepEqual(
        log.map((l) => [l.attempt.attempt, l.attempt.status_code, l.delivery.status]),
        [
          [3, 503, 'failed'],
          [2, 503, 'failed'],
          [1, 503, 'failed'],
        ],
      );
      await a.stop();

      // a delivery queued before a stop is sent by the next process (restart): it lives in the database
      await a.fanOut(event('e3'));
      const ok = sender([]);
      const b = createDeliveryWorker(deps(ok));
      // another process holds a lease on it: not sent until the lease lapses
      const claimed = await repo.claimDueDeliveries(store.db, store.dialect, {
        claimant: 'crashed-process',
        now: clock.now().toISOString(),
        leaseUntil: new Date(clock.now().getTime() + 60_000).toISOString(),
        limit: 10,
      });
      assert.equal(claimed.length, 1);
      b.start();
      await b.deliverDue();
      assert.equal(ok.sent.length, 0, 'leased elsewhere');
      clock.advance(60_000);
      await b.deliverDue();
      assert.equal(ok.sent.length, 1, 'sent once the lease lapsed');
      const delivered = await repo.listAttempts(store.db, 'tenant-1', 'sub-1', 1);
      assert.equal(delivered[0]!.delivery.status, 'delivered');
      assert.equal(delivered[0]!.attempt.attempt, 2, 'the lapsed claim counts as an attempt');
      // finished deliveries and their log are pruned after the retention (30 days); the first pass of a worker prunes
      clock.advance(31 * 86_400_000);
      const c = createDeliveryWorker(deps(sender([])));
      c.start();
      await c.deliverDue();
      assert.deepEqual(await repo.listAttempts(store.db, 'tenant-1', 'sub-1', 10), []);
      await c.stop();
      await b.stop();
    } finally {
      await store.close();
    }
  });
}
