import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { conflict, type Clock } from '../shared/index.js';
import { sqliteKind, type TestStore } from '../store/test-support/databases.js';
import * as repo from './btp.repo.js';
import { createOperationRunner, OPERATION_RETENTION, STALE_AFTER_MS } from './sm-operations.js';
import * as smRepo from './sm-repo.js';

let store: TestStore;
let now = new Date('2026-12-01T10:00:00Z');
const clock: Clock = { now: () => now };
const unexpected: unknown[] = [];
const SUB = 'sub-ops';

before(async () => {
  store = await sqliteKind.open();
  await repo.insertGlobalAccount(store.db, { id: 'ga', name: 'GA', created_at: now.toISOString() });
  await repo.insertSubaccount(store.db, {
    id: SUB,
    global_account_id: 'ga',
    name: 'A',
    subdomain: 'ops',
    region: 'eu10',
    created_at: now.toISOString(),
  });
});
after(() => store.close());

const runner = () => createOperationRunner({ db: store.db, clock, onError: (e) => void unexpected.push(e) });
const input = (resourceId: string) =>
  ({ subaccountId: SUB, type: 'create', resourceType: 'service_instance', resourceId, creator: null }) as const;
const stored = (resourceId: string, id: string) => smRepo.findOperation(store.db, [SUB], resourceId, id);

test('async: the answer comes first, the work after; success and a refusal are both recorded', async () => {
  const r = runner();
  let ran = false;
  const op = await r.run(input('r1'), async () => void (ran = true), true);
  assert.equal(ran, false, 'not before the answer');
  assert.equal(op.state, 'in progress');
  const refused = await r.run(input('r2'), () => Promise.reject(conflict('btp.instance_exists', 'taken')), true);
  await r.idle();
  assert.equal(ran, true);
  assert.equal((await stored('r1', op.id))?.state, 'succeeded');
  const failed = await stored('r2', refused.id);
  assert.equal(failed?.state, 'failed');
  assert.deepEqual(JSON.parse(failed!.errors), [{ error: 'Conflict', description: 'taken' }]);
  assert.equal(unexpected.length, 0, 'a refusal is a result, not a bug to log');
});

test('async: an unexpected failure is recorded without its message and reported', async () => {
  const r = runner();
  const op = await r.run(input('r3'), () => Promise.reject(new Error('secret internals')), true);
  await r.idle();
  const row = await stored('r3', op.id);
  assert.equal(row?.state, 'failed');
  assert.ok(!row!.errors.includes('secret internals'));
  assert.equal(unexpected.length, 1);
});

test('sync: the work is done before run returns; a failure is recorded and thrown', async () => {
  const r = runner();
  const op = await r.run(input('r4'), async () => undefined, false);
  assert.equal((await stored('r4', op.id))?.state, 'succeeded');
  await assert.rejects(r.run(input('r5'), () => Promise.reject(conflict('btp.instance_exists', 'taken')), false));
});

test('a stop leaves "in progress": the next start fails it; a stale one is failed when read', async () => {
  const crashed = runner();
  // work that never ends stands for a process that stopped while it ran
  const op = await crashed.run(input('r6'), () => new Promise<void>(() => undefined), true);
  assert.equal(await runner().failInterrupted(), 1);
  const row = await stored('r6', op.id);
  assert.equal(row?.state, 'failed');
  assert.match(row!.errors, /stopped while the operation ran/);

  const other = await runner().run(input('r7'), () => new Promise<void>(() => undefined), true);
  assert.equal((await runner().find([SUB], 'r7', other.id))?.state, 'in progress');
  now = new Date(now.getTime() + STALE_AFTER_MS + 1000);
  assert.equal((await runner().find([SUB], 'r7', other.id))?.state, 'failed');
  assert.equal(await runner().find(['other-sub'], 'r7', other.id), undefined, 'another subaccount sees nothing');
});

test('bounded: a resource keeps its create and 20 others; a gone resource loses its rows after 30 days', async () => {
  const r = runner();
  const ops = (id: string) => store.db.selectFrom('sm_operations').selectAll().where('resource_id', '=', id).execute();
  await r.run({ ...input('kept'), creator: 'sm-1' }, async () => undefined, false);
  for (let i = 0; i < 22; i++) await r.run({ ...input('kept'), type: 'update' }, async () => undefined, false);
  const left = await ops('kept');
  assert.equal(left.length, 1 + OPERATION_RETENTION.perResource);
  assert.equal(left.filter((o) => o.type === 'create').length, 1, 'the create stays (container visibility)');

  await r.run(input('gone'), async () => undefined, false);
  const stuck = await r.run(input('stuck'), () => new Promise<void>(() => undefined), true);
  await repo.insertInstance(store.db, {
    id: 'kept',
    subaccount_id: SUB,
    name: 'kept',
    offering: 'service-manager',
    plan: 'container',
    xsappname: 'x',
    client_id: 'c',
    credential_types: '[]',
    authorities: '[]',
    parameters: '{}',
    origin: 'manual',
    created_at: now.toISOString(),
    instance_secret_sealed: null,
  });
  now = new Date(now.getTime() + (OPERATION_RETENTION.days + 1) * 86_400_000);
  await r.run(input('later'), async () => undefined, false);
  assert.equal((await ops('gone')).length, 0, 'a gone resource loses its old rows');
  assert.equal((await ops('kept')).length, 1 + OPERATION_RETENTION.perResource, 'an existing one keeps them');
  assert.equal((await stored('stuck', stuck.id))?.state, 'in progress', 'a running operation is never deleted');
});
