import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { DomainError } from '../shared/index.js';
import { checkBindingName, checkInstanceName, SM_NAME_MAX } from './instance-parameters.js';

const refused = (code: string) => (error: unknown) =>
  error instanceof DomainError && error.code === code && error.details.some((d) => d.path === 'name');

// the names @sap/instance-manager gives: base64 of sha256(<plan id>_<tenant>) and a UUID
const instanceManagerName = createHash('sha256').update(`plan_${randomUUID()}`).digest('base64');

test("the cockpit's rule: at most 32 letters, digits, '.', '-' and '_'", () => {
  checkInstanceName('a'.repeat(32));
  checkInstanceName('My.inst_1-2');
  assert.throws(() => checkInstanceName('a'.repeat(33)), refused('btp.bad_instance_name'));
  assert.throws(() => checkInstanceName('has spaces'), refused('btp.bad_instance_name'));
  assert.throws(() => checkInstanceName(instanceManagerName), refused('btp.bad_instance_name'));
  assert.throws(() => checkBindingName(randomUUID(), 'manual'), refused('btp.bad_binding_name'));
});

test("the Service Manager API's rule: SAP's clients' names, 1 to 100 characters, no control characters", () => {
  assert.equal(instanceManagerName.length, 44);
  checkInstanceName(instanceManagerName, 'instance', 'service-manager');
  checkInstanceName('x/y+z= with spaces', 'instance', 'service-manager');
  checkInstanceName('a'.repeat(SM_NAME_MAX), 'instance', 'service-manager');
  checkBindingName(randomUUID(), 'manual', 'service-manager');
  for (const bad of ['', 'a'.repeat(SM_NAME_MAX + 1), 'line\nbreak', 'tab\there', 'nul\u0000', 'del\u007f', 'c1\u0085'])
    assert.throws(() => checkInstanceName(bad, 'instance', 'service-manager'), refused('btp.bad_instance_name'), bad);
  assert.throws(() => checkBindingName('a\r', 'manual', 'service-manager'), refused('btp.bad_binding_name'));
  // SAP's reserved pattern of generated bindings holds for /v1 too
  assert.throws(
    () => checkBindingName('ABC_001_00', 'manual', 'service-manager'),
    (error: unknown) => error instanceof DomainError && error.code === 'btp.reserved_binding_name',
  );
});
