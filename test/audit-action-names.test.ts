/**
 * The audit page names every action of the catalogue in words (web/src/pages/audit-actions.ts): an action added
 * to src/audit/catalog.ts without a name here would show as its code. Names are unique, so a choice is clear.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUDIT_ACTIONS } from '../src/audit/index.js';
import { AUDIT_ACTION_NAMES } from '../web/src/pages/audit-actions.js';

test('every audit action has a name on the audit page, and no two share one', () => {
  const missing = AUDIT_ACTIONS.filter((a) => !AUDIT_ACTION_NAMES[a]);
  assert.deepEqual(missing, [], 'add a name for each in web/src/pages/audit-actions.ts');
  const stale = Object.keys(AUDIT_ACTION_NAMES).filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a));
  assert.deepEqual(stale, [], 'names of actions the catalogue no longer has');
  const names = Object.values(AUDIT_ACTION_NAMES);
  assert.equal(new Set(names).size, names.length, 'names are unique');
});
