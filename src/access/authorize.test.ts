import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide } from './authorize.js';
import type { Actor, Resource } from './actor.js';
import { ALL_ROLES, type Role } from './roles.js';
import type { Action } from './policy.js';

const tenantA: Resource = { kind: 'tenant', tenantId: 'tA', subaccountId: 'sA', globalAccountId: 'gA' };
const actorWith = (role: Role | undefined, scopeId = 'tA'): Actor => ({
  userId: 'u',
  username: 'u',
  via: { kind: 'session' },
  assignments: role ? [{ role, scopeType: 'tenant', scopeId }] : [],
});

// SAP's service-key matrix (docs/sap-sources.md §10): rows are roles, columns actions.
const KEY_ACTIONS: Action[] = [
  'lm.service_key.view',
  'lm.service_key.download',
  'lm.service_key.test',
  'lm.service_key.upload',
  'lm.service_key.delete',
];
const EXPECTED: Record<string, string[]> = {
  x_landscape_SecurityAdministrator: ['allow', 'allow', 'allow', 'allow', 'allow'],
  x_landscape_SecurityViewer: ['allow', 'allow', 'allow', 'forbidden', 'forbidden'],
  x_landscape_Administrator: ['forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  x_landscape_Viewer: ['forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  x_landscape_AccessController: ['forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  x_landscape_AccessViewer: ['forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
};

for (const [role, expected] of Object.entries(EXPECTED)) {
  test(`service-key matrix for ${role}`, () => {
    assert.deepEqual(
      KEY_ACTIONS.map((a) => decide(actorWith(role as Role), a, tenantA)),
      expected,
    );
  });
}

// webhooks of the slot's events: the key's readers see them, its administrator manages them
test('webhooks: Security Viewer and Administrator view, only the Administrator manages', () => {
  const rows: [string, string, string][] = [
    ['x_landscape_SecurityAdministrator', 'allow', 'allow'],
    ['x_landscape_SecurityViewer', 'allow', 'forbidden'],
    ['x_landscape_Administrator', 'forbidden', 'forbidden'],
    ['x_landscape_Viewer', 'forbidden', 'forbidden'],
  ];
  for (const [role, view, manage] of rows) {
    const actor = actorWith(role as Role);
    assert.deepEqual(
      [decide(actor, 'lm.webhook.view', tenantA), decide(actor, 'lm.webhook.manage', tenantA)],
      [view, manage],
      role,
    );
  }
  assert.equal(decide(actorWith('x_landscape_SecurityAdministrator', 'tB'), 'lm.webhook.view', tenantA), 'not_found');
});

test('no role at all, or a role in another tenant only: the tenant is not found', () => {
  for (const action of KEY_ACTIONS) {
    assert.equal(decide(actorWith(undefined), action, tenantA), 'not_found');
    assert.equal(decide(actorWith('x_landscape_SecurityAdministrator', 'tB'), action, tenantA), 'not_found');
  }
});

test('BTP: a subaccount administrator manages bindings in that subaccount only; the global account administrator in all of its subaccounts', () => {
  const sub: Resource = { kind: 'subaccount', subaccountId: 'sA', globalAccountId: 'gA' };
  const otherSub: Resource = { kind: 'subaccount', subaccountId: 'sB', globalAccountId: 'gA' };
  const subAdmin: Actor = {
    userId: 'u',
    username: 'u',
    via: { kind: 'session' },
    assignments: [{ role: 'SubaccountAdministrator', scopeType: 'subaccount', scopeId: 'sA' }],
  };
  const gaAdmin: Actor = {
    userId: 'u',
    username: 'u',
    via: { kind: 'session' },
    assignments: [{ role: 'GlobalAccountAdministrator', scopeType: 'global_account', scopeId: 'gA' }],
  };
  assert.equal(decide(subAdmin, 'btp.service_binding.manage', sub), 'allow');
  assert.equal(decide(subAdmin, 'btp.service_binding.manage', otherSub), 'not_found');
  assert.equal(decide(subAdmin, 'btp.subaccount.manage', sub), 'forbidden');
  assert.equal(decide(gaAdmin, 'btp.service_binding.manage', otherSub), 'allow');
});

test('a role only counts in the scope type it belongs to', () => {
  // a tenant role recorded against a subaccount id must not open the subaccount
  const odd: Actor = {
    userId: 'u',
    username: 'u',
    via: { kind: 'session' },
    assignments: [{ role: 'x_landscape_SecurityAdministrator', scopeType: 'subaccount', scopeId: 'sA' }],
  };
  assert.notEqual(decide(odd, 'lm.service_key.delete', tenantA), 'allow');
});

test('system actions: only the calm-keys administrator; everyone else is forbidden', () => {
  const admin: Actor = {
    userId: 'u',
    username: 'u',
    via: { kind: 'session' },
    assignments: [{ role: 'SystemAdministrator', scopeType: 'system', scopeId: '*' }],
  };
  assert.equal(decide(admin, 'system.user.manage', { kind: 'system' }), 'allow');
  assert.equal(
    decide(admin, 'lm.service_key.view', tenantA),
    'not_found',
    'the calm-keys administrator has no implicit key access',
  );
  assert.equal(
    decide(actorWith('x_landscape_SecurityAdministrator'), 'system.user.manage', { kind: 'system' }),
    'forbidden',
  );
});

// staged rotation of the service key (issue 17): only the Security Administrator rotates; the Viewer sees it (view)
test('lm.service_key.rotate: the Security Administrator only', () => {
  const rows: [string, string][] = [
    ['x_landscape_SecurityAdministrator', 'allow'],
    ['x_landscape_SecurityViewer', 'forbidden'],
    ['x_landscape_Administrator', 'forbidden'],
    ['x_landscape_Viewer', 'forbidden'],
  ];
  for (const [role, expected] of rows)
    assert.equal(decide(actorWith(role as Role), 'lm.service_key.rotate', tenantA), expected, role);
  assert.equal(
    decide(actorWith('x_landscape_SecurityAdministrator', 'tB'), 'lm.service_key.rotate', tenantA),
    'not_found',
  );
});

// fault injection (issue 18): the calm-keys administrator only; no tenant or BTP role enables a fault
test('system.faults.manage: the calm-keys administrator only', () => {
  const admin: Actor = {
    userId: 'u',
    username: 'u',
    via: { kind: 'session' },
    assignments: [{ role: 'SystemAdministrator', scopeType: 'system', scopeId: '*' }],
  };
  assert.equal(decide(admin, 'system.faults.manage', { kind: 'system' }), 'allow');
  for (const role of ALL_ROLES.filter((r) => r !== 'SystemAdministrator'))
    assert.equal(decide(actorWith(role), 'system.faults.manage', { kind: 'system' }), 'forbidden', role);
});
