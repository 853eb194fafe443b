import { test } from 'node:test';
import assert from 'node:assert/strict';
import { provisioningPlan } from './provisioning.js';

const cutoffs = { autoGenerateFrom: '2023-06-12', autoUploadFrom: '2023-06-14', fullScopesFrom: '2023-10-16' };

// SAP: "before June 12" nothing, "on or after June 14" uploaded, "on or after October 16" all scopes.
const cases: [string, boolean, boolean, string][] = [
  ['2023-06-11', false, false, 'none'],
  ['2023-06-12', true, false, 'monitoring'],
  ['2023-06-13', true, false, 'monitoring'],
  ['2023-06-14', true, true, 'monitoring'],
  ['2023-10-15', true, true, 'monitoring'],
  ['2023-10-16', true, true, 'all'],
  ['2026-11-23', true, true, 'all'],
];

for (const [date, generateKey, uploadToLandscape, scopeSet] of cases) {
  test(`a tenant provisioned on ${date}: key ${generateKey}, in Landscape Management ${uploadToLandscape}, scopes ${scopeSet}`, () => {
    assert.deepEqual(provisioningPlan(date, cutoffs), { generateKey, uploadToLandscape, scopeSet });
  });
}

test('the cutoffs come from configuration', () => {
  assert.equal(provisioningPlan('2024-01-01', { ...cutoffs, autoGenerateFrom: '2025-01-01' }).generateKey, false);
});
