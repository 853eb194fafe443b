import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../shared/index.js';
import { findCatalogPlan } from './catalog.js';
import { resolvePlan } from './plan-resolution.js';

const refused = (code: string, path: string) => (error: unknown) =>
  error instanceof DomainError && error.code === code && error.details.some((d) => d.path === path);

test('nothing given is the SAP Cloud ALM API standard plan; its one plan needs no name', () => {
  assert.deepEqual(resolvePlan({}), { offering: 'SAPCloudALMAPIs', plan: 'standard' });
  assert.deepEqual(resolvePlan({ offeringName: 'SAPCloudALMAPIs' }), { offering: 'SAPCloudALMAPIs', plan: 'standard' });
});

test('service-manager plans by name or by plan id', () => {
  assert.deepEqual(resolvePlan({ offeringName: 'service-manager', planName: 'subaccount-audit' }), {
    offering: 'service-manager',
    plan: 'subaccount-audit',
  });
  const id = findCatalogPlan('service-manager', 'container')!.plan.id;
  assert.deepEqual(resolvePlan({ planId: id }), { offering: 'service-manager', plan: 'container' });
  assert.deepEqual(
    resolvePlan({ planId: id, offeringName: 'service-manager', planName: 'container' }).plan,
    'container',
  );
});

test('unknown or contradictory choices are 400 naming the field', () => {
  assert.throws(() => resolvePlan({ offeringName: 'nope' }), refused('btp.unknown_offering', 'service_offering_name'));
  assert.throws(
    () => resolvePlan({ offeringName: 'service-manager' }),
    refused('btp.unknown_plan', 'service_plan_name'),
  );
  assert.throws(() => resolvePlan({ planName: 'subaccount-admin' }), refused('btp.unknown_plan', 'service_plan_name'));
  assert.throws(() => resolvePlan({ planId: 'no-such-id' }), refused('btp.unknown_plan', 'service_plan_id'));
  const standard = findCatalogPlan('SAPCloudALMAPIs', 'standard')!.plan.id;
  assert.throws(
    () => resolvePlan({ planId: standard, offeringName: 'service-manager' }),
    refused('btp.unknown_plan', 'service_offering_name'),
  );
});
