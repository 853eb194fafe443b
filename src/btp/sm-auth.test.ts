import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../shared/index.js';
import { sqliteKind, type TestStore } from '../store/test-support/databases.js';
import type { VerifiedToken, VerifyOptions } from '../xsuaa/index.js';
import * as repo from './btp.repo.js';
import { createSmAuth, requiredSmScope, type SmCollection } from './sm-auth.js';
import { SM_PLANS, smAuthorities } from './sm-plans.js';

const SUB = 'sub-a';
const SM_CLIENT = 'sb-sm-1!b10|service-manager!b3';

let store: TestStore;
const seen: VerifyOptions[] = [];
let token: Partial<VerifiedToken> = {};

const verifier = {
  async verifyAccessToken(_raw: string, options: VerifyOptions = {}): Promise<VerifiedToken> {
    seen.push(options);
    return {
      clientId: SM_CLIENT,
      zoneId: SUB,
      scopes: smAuthorities('subaccount-admin'),
      audience: [SM_CLIENT],
      expiresAt: new Date(Date.now() + 60_000),
      jti: 'j',
      payload: { ext_attr: { serviceinstanceid: 'sm-1' } },
      ...token,
    };
  },
};

async function instance(id: string, offering: string, plan: string, clientId: string) {
  await repo.insertInstance(store.db, {
    id,
    subaccount_id: SUB,
    name: id,
    offering,
    plan,
    xsappname: clientId.slice(3),
    client_id: clientId,
    credential_types: '["binding-secret"]',
    authorities: '[]',
    parameters: '{}',
    origin: 'manual',
    created_at: '2026-12-01T00:00:00Z',
    instance_secret_sealed: null,
  });
}

before(async () => {
  store = await sqliteKind.open();
  await repo.insertGlobalAccount(store.db, { id: 'ga', name: 'GA', created_at: '2026-12-01T00:00:00Z' });
  await repo.insertSubaccount(store.db, {
    id: SUB,
    global_account_id: 'ga',
    name: 'A',
    subdomain: 'a',
    region: 'eu10',
    created_at: '2026-12-01T00:00:00Z',
  });
  await instance('sm-1', 'service-manager', 'subaccount-admin', SM_CLIENT);
  await instance('sm-audit', 'service-manager', 'subaccount-audit', 'sb-audit!b11|service-manager!b3');
  await instance('calm-1', 'SAPCloudALMAPIs', 'standard', 'sb-calm!b12|sapcloudalm!b4711');
});
after(() => store.close());

const auth = () => createSmAuth({ db: store.db, verifier });
const code = (c: string) => (error: unknown) => error instanceof DomainError && error.code === c;

test('the scope of each call: GET reads, writes manage; offerings and plans take no writes', () => {
  const cases: [SmCollection, 'GET' | 'POST' | 'PATCH' | 'DELETE', string | undefined][] = [
    ['service_instances', 'GET', 'subaccount.service_instance.read'],
    ['service_instances', 'POST', 'subaccount.service_instance.manage'],
    ['service_bindings', 'DELETE', 'subaccount.service_binding.manage'],
    ['platforms', 'PATCH', 'subaccount.platform.manage'],
    ['service_offerings', 'GET', 'subaccount.service_offering.read'],
    ['service_plans', 'POST', undefined],
  ];
  for (const [collection, method, scope] of cases) assert.equal(requiredSmScope(collection, method), scope);
});

test("SAP's plans: subaccount-audit only reads, container has no brokers or platforms", () => {
  assert.ok(SM_PLANS['subaccount-audit'].scopes.every((s) => s.endsWith('.read')));
  assert.ok(!SM_PLANS.container.scopes.some((s) => s.includes('broker') || s.includes('platform')));
  assert.equal(SM_PLANS['subaccount-admin'].scopes.length, 10);
  assert.deepEqual(smAuthorities('container')[0], 'service-manager!b3.subaccount.service_instance.read');
});

test('a service-manager token gives its subaccount, its scopes without the prefix, its instance and plan', async () => {
  token = {};
  const principal = await auth().authenticate('Bearer abc.def.ghi', {
    call: { collection: 'service_instances', method: 'POST' },
  });
  assert.equal(principal.subaccountId, SUB);
  assert.equal(principal.clientId, SM_CLIENT);
  assert.equal(principal.plan, 'subaccount-admin');
  assert.equal(principal.instanceId, 'sm-1');
  assert.ok(principal.scopes.includes('subaccount.service_instance.manage'));
  assert.equal(seen.at(-1)?.audience, 'service-manager!b3');
});

test('the expected subaccount is passed to the verifier as the zone', async () => {
  await auth().authenticate('Bearer abc', { subaccountId: 'sub-b' });
  assert.equal(seen.at(-1)?.zoneId, 'sub-b');
});

test('no bearer header is 401 sm_token_missing', async () => {
  await assert.rejects(auth().authenticate(undefined), code('btp.sm_token_missing'));
  await assert.rejects(auth().authenticate('Basic abc'), code('btp.sm_token_missing'));
});

test('a token of another offering, another client or a deleted instance is 401', async () => {
  const refused = code('btp.sm_token_not_service_manager');
  token = { clientId: 'sb-calm!b12|sapcloudalm!b4711', payload: { ext_attr: { serviceinstanceid: 'calm-1' } } };
  await assert.rejects(auth().authenticate('Bearer a'), refused);
  token = { clientId: 'sb-other!b1|service-manager!b3' };
  await assert.rejects(auth().authenticate('Bearer a'), refused);
  token = { payload: { ext_attr: { serviceinstanceid: 'gone' } } };
  await assert.rejects(auth().authenticate('Bearer a'), refused);
  token = { payload: {} };
  await assert.rejects(auth().authenticate('Bearer a'), refused);
  token = { zoneId: 'sub-b' };
  await assert.rejects(auth().authenticate('Bearer a'), refused);
});

test('subaccount-audit reads but cannot write (403 sm_scope_missing)', async () => {
  token = {
    clientId: 'sb-audit!b11|service-manager!b3',
    scopes: smAuthorities('subaccount-audit'),
    payload: { ext_attr: { serviceinstanceid: 'sm-audit' } },
  };
  const principal = await auth().authenticate('Bearer a', { call: { collection: 'service_instances', method: 'GET' } });
  assert.equal(principal.plan, 'subaccount-audit');
  await assert.rejects(
    auth().authenticate('Bearer a', { call: { collection: 'service_instances', method: 'POST' } }),
    (error: unknown) =>
      error instanceof DomainError &&
      error.kind === 'forbidden' &&
      error.code === 'btp.sm_scope_missing' &&
      error.message.includes('subaccount.service_instance.manage'),
  );
});
