/**
 * The certificate-expiry sweep of the slot: with a fixed clock moved forward, a key whose certificate ends in
 * 40 days gets a warning at 30, 7 and 1 days left, each once (sweeps in between, repeated or concurrent, add
 * none), each in its own audit record; a key first seen with 5 days left gets one warning, at 7; an expired
 * certificate and a key without one get none; the slot view carries notAfter, daysLeft and the state. Both
 * databases.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createAuditWriter } from '../audit/index.js';
import { createCertificateAuthority, createSecretBox, issueCertificate } from '../crypto/index.js';
import { fixedClock } from '../shared/index.js';
import type { Executor } from '../store/index.js';
import { testDatabaseKinds } from '../store/test-support/databases.js';
import { createLandscape, type LandscapeEventBus } from './index.js';
import { TENANT, tenantActor } from './test-support/fixtures.js';

const ADMIN = tenantActor('x_landscape_SecurityAdministrator');

const DAY = 86_400_000;
const START = new Date('2026-12-03T08:00:00Z');

/** A binding-secret key (LM accepts it) that also carries a certificate chain ending `daysLeft` days after START. */
async function keyText(daysLeft: number | undefined): Promise<string> {
  const uaa: Record<string, string> = {
    clientid: 'sb-x!b1|calm!b4711',
    clientsecret: 'live$secret',
    url: 'https://acme-calm.authentication.eu10.hana.ondemand.com',
    identityzone: 'acme-calm',
    'credential-type': 'binding-secret',
  };
  if (daysLeft !== undefined) {
    const issuedAt = new Date(START.getTime() - DAY);
    const ca = await createCertificateAuthority('expiry CA', 3650, issuedAt);
    const leaf = await issueCertificate(ca, {
      commonName: 'leaf',
      usage: 'client',
      validityDays: daysLeft + 1,
      now: issuedAt,
    });
    uaa.certificate = `${leaf.certificatePem}${ca.certificatePem}`;
  }
  return JSON.stringify({ endpoints: { Api: 'https://acme-calm.eu10.alm.cloud.sap/api' }, uaa });
}

function recordingBus() {
  const recorded: { name: string; event: Record<string, unknown> }[] = [];
  const bus: LandscapeEventBus = {
    record: async (_tx: Executor, name, event) => {
      if (name === 'key.certificate_expiring') recorded.push({ name, event: { ...event } });
    },
    deliverCommitted: async () => undefined,
    on: () => () => undefined,
  };
  return { bus, recorded };
}

for (const kind of await testDatabaseKinds()) {
  async function setUp(daysLeft: number | undefined) {
    const store = await kind.open();
    const clock = fixedClock(START);
    const { bus, recorded } = recordingBus();
    const landscape = createLandscape({
      db: store.db,
      audit: createAuditWriter(clock),
      clock,
      secrets: createSecretBox(randomBytes(32)),
      tenants: { find: async (id) => (id === TENANT.tenantId ? TENANT : undefined), list: async () => [TENANT] },
      testKey: async () => ({ ok: true, steps: [], summary: 'ok' }),
      events: bus,
    });
    const uploaded = await landscape.slot.upload(ADMIN, TENANT.tenantId, {
      bytes: Buffer.from(await keyText(daysLeft)),
    });
    assert.equal(uploaded.stored, true, JSON.stringify(uploaded.errors));
    const audits = async () =>
      (
        await store.db
          .selectFrom('audit_events')
          .select(['action', 'details'])
          .where('action', '=', 'lm.service_key.certificate_expiring')
          .execute()
      ).map((row) => JSON.parse(row.details) as { daysLeft: number });
    return { store, clock, landscape, recorded, audits };
  }

  test(`${kind.name}: warnings at 30, 7 and 1 days left, each once, with the threshold as daysLeft`, async () => {
    const { store, clock, landscape, recorded, audits } = await setUp(40);
    try {
      const sweep = () => landscape.certificateExpiry.sweep();
      assert.deepEqual((await sweep()).warned, [], '40 days left: nothing yet');
      let view = await landscape.slot.view(ADMIN, TENANT.tenantId);
      assert.equal(view.key?.certificateExpiry?.state, 'valid');
      assert.equal(view.key?.certificateExpiry?.daysLeft, 40);

      clock.advance(10 * DAY); // 30 days left
      assert.deepEqual(
        (await sweep()).warned.map((w) => w.daysLeft),
        [30],
      );
      await Promise.all([sweep(), sweep()]);
      assert.equal((await sweep()).warned.length, 0, 'the 30-day warning is given once');
      view = await landscape.slot.view(ADMIN, TENANT.tenantId);
      assert.equal(view.key?.certificateExpiry?.state, 'warning');

      clock.advance(20 * DAY); // 10 days left: still only the 30-day warning
      assert.equal((await sweep()).warned.length, 0);
      clock.advance(3 * DAY + 1); // just under 7 days
      assert.deepEqual(
        (await sweep()).warned.map((w) => w.daysLeft),
        [7],
      );
      view = await landscape.slot.view(ADMIN, TENANT.tenantId);
      assert.equal(view.key?.certificateExpiry?.state, 'critical');
      assert.equal(view.key?.certificateExpiry?.daysLeft, 6);
      assert.match(view.key?.certificateExpiry?.message ?? '', /in 6 days/);

      clock.advance(6 * DAY); // under a day
      assert.deepEqual(
        (await sweep()).warned.map((w) => w.daysLeft),
        [1],
      );
      clock.advance(2 * DAY); // expired: no more events
      assert.equal((await sweep()).warned.length, 0);
      view = await landscape.slot.view(ADMIN, TENANT.tenantId);
      assert.equal(view.key?.certificateExpiry?.state, 'expired');

      assert.deepEqual(
        recorded.map((r) => [r.name, r.event.daysLeft]),
        [
          ['key.certificate_expiring', 30],
          ['key.certificate_expiring', 7],
          ['key.certificate_expiring', 1],
        ],
      );
      const first = recorded[0]!.event;
      assert.equal(first.tenantId, TENANT.tenantId);
      assert.equal(first.clientId, 'sb-x!b1|calm!b4711');
      assert.equal(first.notAfter, new Date(START.getTime() + 40 * DAY).toISOString());
      assert.ok(!JSON.stringify(recorded).includes('live$secret'), 'no secret in an event');
      assert.deepEqual(
        (await audits()).map((d) => d.daysLeft),
        [30, 7, 1],
      );
    } finally {
      await store.close();
    }
  });

  test(`${kind.name}: a key first seen with 5 days left is warned once, at 7; a new key starts afresh`, async () => {
    const { store, landscape, recorded } = await setUp(5);
    try {
      assert.deepEqual(
        (await landscape.certificateExpiry.sweep()).warned.map((w) => w.daysLeft),
        [7],
      );
      assert.equal((await landscape.certificateExpiry.sweep()).warned.length, 0);
      // the same certificate in a new upload is a new key: its thresholds are warned again
      const view = await landscape.slot.view(ADMIN, TENANT.tenantId);
      await landscape.slot.remove(ADMIN, TENANT.tenantId);
      await landscape.slot.upload(ADMIN, TENANT.tenantId, { bytes: Buffer.from(await keyText(5)) });
      assert.notEqual((await landscape.slot.view(ADMIN, TENANT.tenantId)).key?.id, view.key?.id);
      assert.equal((await landscape.certificateExpiry.sweep()).warned.length, 1);
      assert.equal(recorded.length, 2);
    } finally {
      await store.close();
    }
  });

  test(`${kind.name}: no certificate, no expiry and no warning`, async () => {
    const { store, landscape, recorded } = await setUp(undefined);
    try {
      const swept = await landscape.certificateExpiry.sweep();
      assert.equal(swept.checked, 0);
      assert.equal((await landscape.slot.view(ADMIN, TENANT.tenantId)).key?.certificateExpiry, null);
      assert.equal(recorded.length, 0);
    } finally {
      await store.close();
    }
  });
}
