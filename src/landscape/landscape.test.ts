/**
 * The landscape services over a real SQLite store with a fake key tester and tenant lookup: what is
 * offered to whom, byte-exact storage, a test result for a replaced key is not recorded, and the
 * BTP-deletion watcher flags exactly the matching copy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Actor } from '../access/index.js';
import { createAuditWriter } from '../audit/index.js';
import { createSecretBox } from '../crypto/index.js';
import type { KeyTestResult } from '../key-test/index.js';
import { fixedClock } from '../shared/index.js';
import { sqliteKind } from '../store/test-support/databases.js';
import { createLandscape, type KeyTester } from './index.js';
import { allowedActions } from './slot.view.js';
import { keyFileName, openKey, sealKey } from './stored-key.js';
import { TENANT } from './test-support/fixtures.js';

const actor = (role: string, scopeId = TENANT.tenantId): Actor => ({
  userId: `u-${role}`,
  username: role,
  assignments: [{ role: role as never, scopeType: 'tenant', scopeId }],
  via: { kind: 'session' },
});
const ADMIN = actor('x_landscape_SecurityAdministrator');

function keyText(secret: string, zone = 'acme-calm'): string {
  return JSON.stringify({
    endpoints: { Api: 'https://acme-calm.eu10.alm.cloud.sap/api' },
    uaa: {
      clientid: 'sb-x!b1|calm!b4711',
      clientsecret: secret,
      url: `https://${zone}.authentication.eu10.hana.ondemand.com`,
      identityzone: zone,
      'credential-type': 'binding-secret',
    },
  });
}

async function setup(tester: KeyTester = async () => okResult) {
  const store = await sqliteKind.open();
  const secrets = createSecretBox(randomBytes(32));
  const clock = fixedClock(new Date('2026-11-23T10:00:00Z'));
  const landscape = createLandscape({
    db: store.db,
    audit: createAuditWriter(clock),
    clock,
    secrets,
    tenants: { find: async (id) => (id === TENANT.tenantId ? TENANT : undefined), list: async () => [TENANT] },
    testKey: (document, options) => tester(document, options),
  });
  return { store, secrets, landscape, clock };
}

const okResult: KeyTestResult = { ok: true, steps: [], summary: 'the key works' };

test('actions offered follow the role table and the slot state', () => {
  const resource = { kind: 'tenant', tenantId: TENANT.tenantId } as const;
  assert.deepEqual(allowedActions(ADMIN, resource, true), {
    view: true,
    download: true,
    test: true,
    reveal: true,
    upload: false,
    delete: true,
  });
  assert.deepEqual(allowedActions(ADMIN, resource, false), {
    view: true,
    download: false,
    test: false,
    reveal: false,
    upload: true,
    delete: false,
  });
  assert.deepEqual(allowedActions(actor('x_landscape_SecurityViewer'), resource, true), {
    view: true,
    download: true,
    test: true,
    reveal: false,
    upload: false,
    delete: false,
  });
  // a manual rotation waiting for the new key: `+` for the one who may upload, beside the key actions
  assert.deepEqual(allowedActions(ADMIN, resource, true, { uploadToRotation: true }), {
    view: true,
    download: true,
    test: true,
    reveal: true,
    upload: true,
    delete: true,
  });
  assert.equal(
    allowedActions(actor('x_landscape_SecurityViewer'), resource, true, { uploadToRotation: true }).upload,
    false,
  );
  assert.deepEqual(allowedActions(actor('x_landscape_Administrator'), resource, true), {
    view: false,
    download: false,
    test: false,
    reveal: false,
    upload: false,
    delete: false,
  });
});

test('stored keys open to the same bytes, and only in their own row', async () => {
  const secrets = createSecretBox(randomBytes(32));
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(keyText('s$1').replace(/,/g, ',\r\n'))]);
  const sealed = sealKey(secrets, 'ten-1', 'id-1', bytes);
  assert.ok(openKey(secrets, { tenant_id: 'ten-1', id: 'id-1', key_sealed: sealed }).bytes.equals(bytes));
  assert.throws(() => openKey(secrets, { tenant_id: 'ten-2', id: 'id-1', key_sealed: sealed }));
  assert.equal(keyFileName('acme-calm'), 'acme-calm-service-key.txt');
  assert.equal(keyFileName('a"b\r\nc'), 'a_b__c-service-key.txt');
  assert.equal(keyFileName(''), 'cloud-alm-service-key.txt');
});

test('a test result for a key that was replaced while the test ran is returned but not recorded', async () => {
  let during: () => Promise<void> = async () => undefined;
  const { store, landscape } = await setup(async () => {
    await during();
    return { ok: false, steps: [], failedStep: 'token', reason: 'refused', summary: 'failed' };
  });
  try {
    await landscape.slot.upload(ADMIN, TENANT.tenantId, { bytes: Buffer.from(keyText('first$secret')) });
    during = async () => {
      await landscape.slot.remove(ADMIN, TENANT.tenantId);
      await landscape.slot.upload(ADMIN, TENANT.tenantId, { bytes: Buffer.from(keyText('second$secret')) });
    };
    const outcome = await landscape.tests.test(ADMIN, TENANT.tenantId);
    assert.equal(outcome.recorded, false);
    const view = await landscape.slot.view(ADMIN, TENANT.tenantId);
    assert.equal(view.key?.status.value, 'unknown', 'the new key keeps its own (untested) status');
  } finally {
    await store.close();
  }
});

test('the BTP-deletion watcher flags the copy with the same client id and secret only', async () => {
  const { store, landscape, secrets } = await setup();
  try {
    await landscape.slot.upload(ADMIN, TENANT.tenantId, { bytes: Buffer.from(keyText('live$secret')) });
    const other = await landscape.btpDeletions.onBindingDeleted({
      bindingId: 'b-0',
      clientId: 'sb-x!b1|calm!b4711',
      secretFingerprint: secrets.fingerprint('another$secret'),
    });
    assert.deepEqual(other, []);
    assert.equal((await landscape.slot.view(ADMIN, TENANT.tenantId)).key?.deletedInBtp, null);
    const same = await landscape.btpDeletions.onBindingDeleted({
      bindingId: 'b-1',
      clientId: 'sb-x!b1|calm!b4711',
      secretFingerprint: secrets.fingerprint('live$secret'),
    });
    assert.deepEqual(same, [TENANT.tenantId]);
    const view = await landscape.slot.view(ADMIN, TENANT.tenantId);
    assert.equal(view.key?.status.value, 'failed');
    assert.ok(view.key?.deletedInBtp?.message.includes('deleted in SAP BTP'));
    // a failed Test later names both the step and the deletion
    const tested = await createLandscape({
      ...depsOf(store, secrets),
      testKey: async () => ({ ok: false, steps: [], failedStep: 'token', reason: 'refused', summary: 'x' }),
    }).tests.test(ADMIN, TENANT.tenantId);
    assert.match(
      tested.reason ?? '',
      /step "token": refused\. The service key \(binding\) this copy came from was deleted in SAP BTP/,
    );
  } finally {
    await store.close();
  }
});

test('a passing test does not turn green a copy that was flagged as deleted in BTP while the test ran', async () => {
  let during: () => Promise<void> = async () => undefined;
  const { store, landscape, secrets } = await setup(async () => {
    await during();
    return okResult; // the token was issued just before the binding was deleted
  });
  try {
    await landscape.slot.upload(ADMIN, TENANT.tenantId, { bytes: Buffer.from(keyText('live$secret')) });
    during = async () => {
      await landscape.btpDeletions.onBindingDeleted({
        bindingId: 'b-1',
        clientId: 'sb-x!b1|calm!b4711',
        secretFingerprint: secrets.fingerprint('live$secret'),
      });
    };
    const outcome = await landscape.tests.test(ADMIN, TENANT.tenantId);
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.recorded, true);
    const view = await landscape.slot.view(ADMIN, TENANT.tenantId);
    assert.equal(view.key?.status.value, 'failed');
    assert.ok(view.key?.deletedInBtp);
    assert.match(view.key?.status.reason ?? '', /deleted in SAP BTP/);
  } finally {
    await store.close();
  }
});

test('concurrent registrations of a system created with its external id all get the one LMS ID that is stored', async () => {
  const { store, landscape } = await setup();
  const manager = actor('x_landscape_Administrator');
  try {
    await landscape.managedObjects.create(manager, TENANT.tenantId, {
      kind: 'system',
      name: 'ABC',
      objectType: 'ABAP',
      externalId: 'ABC@host',
    });
    const register = () =>
      landscape.managedObjects.registry.registerSystem(TENANT.tenantId, {
        externalId: 'ABC@host',
        name: 'ABC',
        objectType: 'ABAP',
        clientId: 'sb-x',
      });
    const answers = await Promise.all([register(), register(), register(), register()]);
    const stored = (await landscape.managedObjects.list(manager, TENANT.tenantId)).items.find(
      (i) => i.externalId === 'ABC@host',
    )?.lmsId;
    assert.ok(stored);
    assert.deepEqual(
      answers.map((a) => a.lmsId),
      [stored, stored, stored, stored],
    );
    assert.equal(answers.filter((a) => a.created).length, 1);
  } finally {
    await store.close();
  }
});

test('a copy uploaded while its binding is being deleted in BTP is flagged all the same', async () => {
  const store = await sqliteKind.open();
  const box = createSecretBox(randomBytes(32));
  const clock = fixedClock(new Date('2026-11-23T10:00:00Z'));
  let deletion: Promise<string[]> | undefined;
  const late: { landscape?: ReturnType<typeof createLandscape> } = {};
  // sealing happens after the upload looked for a deleted credential and before its insert: the deletion runs there
  const secrets = {
    ...box,
    seal: (...args: Parameters<typeof box.seal>) => {
      deletion ??= late.landscape!.btpDeletions.onBindingDeleted({
        bindingId: 'b-1',
        clientId: 'sb-x!b1|calm!b4711',
        secretFingerprint: box.fingerprint('live$secret'),
      });
      return box.seal(...args);
    },
  };
  const landscape = (late.landscape = createLandscape({
    ...depsOf(store, secrets),
    clock,
    testKey: async () => okResult,
  }));
  try {
    await landscape.slot.upload(ADMIN, TENANT.tenantId, { bytes: Buffer.from(keyText('live$secret')) });
    assert.deepEqual(await deletion, [], 'the watcher ran before the copy existed');
    const view = await landscape.slot.view(ADMIN, TENANT.tenantId);
    assert.equal(view.key?.status.value, 'failed');
    assert.equal(view.key?.deletedInBtp?.at, '2026-11-23T10:00:00.000Z');
  } finally {
    await store.close();
  }
});

test('provisioning never overwrites a key a person uploaded', async () => {
  const { store, landscape } = await setup();
  try {
    await landscape.slot.upload(ADMIN, TENANT.tenantId, { bytes: Buffer.from(keyText('mine$secret')) });
    const placed = await landscape.slot.placeProvisionedKey({
      tenantId: TENANT.tenantId,
      keyText: keyText('generated$secret'),
      bindingId: 'b-9',
    });
    assert.deepEqual(placed, { placed: false, reason: 'the slot already holds a key' });
    assert.equal((await landscape.slot.view(ADMIN, TENANT.tenantId)).key?.source, 'uploaded');
  } finally {
    await store.close();
  }
});

function depsOf(store: Awaited<ReturnType<typeof sqliteKind.open>>, secrets: ReturnType<typeof createSecretBox>) {
  const clock = fixedClock(new Date('2026-11-23T11:00:00Z'));
  return {
    db: store.db,
    audit: createAuditWriter(clock),
    clock,
    secrets,
    tenants: { find: async (id: string) => (id === TENANT.tenantId ? TENANT : undefined), list: async () => [TENANT] },
  };
}

test('a delete that names the key it saw refuses when the slot meanwhile holds another one', async () => {
  const { store, landscape } = await setup();
  try {
    await landscape.slot.upload(ADMIN, TENANT.tenantId, { bytes: Buffer.from(keyText('first$secret')) });
    const seen = (await landscape.slot.view(ADMIN, TENANT.tenantId)).key!.id;
    await landscape.slot.remove(ADMIN, TENANT.tenantId, seen);
    await landscape.slot.upload(ADMIN, TENANT.tenantId, { bytes: Buffer.from(keyText('second$secret')) });
    await assert.rejects(
      landscape.slot.remove(ADMIN, TENANT.tenantId, seen),
      (e: { code: string; kind: string }) => e.code === 'lm.key_changed' && e.kind === 'conflict',
    );
    assert.equal((await landscape.slot.view(ADMIN, TENANT.tenantId)).slot, 'filled', 'the newer key stays');
  } finally {
    await store.close();
  }
});

test('the last push is written at most every 5 s per object and client id; another client id at once', async () => {
  const { store, landscape, clock } = await setup();
  const manager = actor('x_landscape_Administrator');
  try {
    const created = await landscape.managedObjects.create(manager, TENANT.tenantId, {
      kind: 'service',
      name: 'collector',
      objectType: 'SAP_CP_CF',
    });
    const id = (created as { id: string }).id;
    const lastPush = async () =>
      (await landscape.managedObjects.list(manager, TENANT.tenantId)).items.find((i) => i.id === id)?.lastPush;
    const push = (clientId: string) => landscape.managedObjects.registry.recordPush(TENANT.tenantId, id, clientId);
    const first = clock.now().toISOString();
    await push('sb-a');
    assert.deepEqual([(await lastPush())?.at, (await lastPush())?.clientId], [first, 'sb-a']);
    clock.advance(4_000);
    await push('sb-a');
    assert.equal((await lastPush())?.at, first, 'within 5 s of the last write: not written again');
    await push('sb-b');
    assert.deepEqual([(await lastPush())?.at, (await lastPush())?.clientId], [clock.now().toISOString(), 'sb-b']);
    clock.advance(5_000);
    await push('sb-b');
    assert.equal((await lastPush())?.at, clock.now().toISOString(), '5 s after the last write: written');
  } finally {
    await store.close();
  }
});
