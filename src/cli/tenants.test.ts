/** `--tenant` resolves an id, a name or an identity zone, in that order; `lm tenants` has a header and the slot state. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CliExit } from './output.js';
import { formatTenants, pickTenant, type TenantRow } from './tenants.js';

const tenants: TenantRow[] = [
  {
    tenantId: 't-1',
    name: 'Acme Production',
    identityZone: 'acme-prod',
    slot: 'filled',
    status: 'active',
    roles: ['x_landscape_SecurityAdministrator'],
  },
  {
    tenantId: 't-2',
    name: 'acme-prod',
    identityZone: 'acme-test',
    slot: 'empty',
    roles: ['x_landscape_SecurityViewer'],
  },
  {
    tenantId: 't-3',
    name: 'Twin',
    identityZone: 'twin-a',
    slot: 'filled',
    status: 'failed',
    deletedInBtp: true,
    roles: [],
  },
  { tenantId: 't-4', name: 'Twin', identityZone: 'twin-b', slot: 'empty', roles: [] },
];

function refusal(given: string): string {
  const { error } = console;
  let said = '';
  console.error = (...parts: unknown[]) => void (said += parts.join(' '));
  try {
    pickTenant(tenants, given);
    return 'no refusal';
  } catch (thrown) {
    assert.ok(thrown instanceof CliExit && thrown.exitCode === 2);
    return said;
  } finally {
    console.error = error;
  }
}

test('by id, then by name, then by identity zone', () => {
  assert.equal(pickTenant(tenants, 't-2').tenantId, 't-2');
  assert.equal(pickTenant(tenants, 'Acme Production').tenantId, 't-1');
  assert.equal(pickTenant(tenants, 'acme-test').tenantId, 't-2');
  assert.equal(pickTenant(tenants, 'acme-prod').tenantId, 't-2', "a name wins over another tenant's identity zone");
  assert.equal(pickTenant(tenants, 'twin-b').tenantId, 't-4');
});

test('an unknown or ambiguous --tenant is a usage error that says what to pass', () => {
  assert.match(
    refusal('nope'),
    /--tenant nope is none of your tenants \(give its id, name or identity zone; calm-keys lm tenants lists them\)/,
  );
  assert.match(refusal('Twin'), /--tenant Twin names 2 tenants \(t-3, t-4\): pass the tenant id/);
});

test('lm tenants: header, identity zone, slot and key status', () => {
  const lines = formatTenants(tenants).split('\n');
  assert.match(lines[0]!, /^TENANT ID {2}NAME {13}IDENTITY ZONE {2}SLOT {4}KEY STATUS {15}YOUR ROLES$/);
  assert.match(lines[1]!, /^t-1 {8}Acme Production {2}acme-prod {6}filled {2}active {19}SecurityAdministrator$/);
  assert.match(lines[2]!, /^t-2 .* empty {3}- .*SecurityViewer$/);
  assert.match(lines[3]!, /failed \(deleted in BTP\)/);
  assert.equal(formatTenants([]), 'no tenants: you hold no Landscape Management role');
});
