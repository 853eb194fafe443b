import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDomainError } from '../shared/index.js';
import { loadConfig } from './load.js';

test('CALM_KEYS_DEV_CLOCK is off by default; true or false, and the --dev-clock flag wins', () => {
  assert.equal(loadConfig({}, {}).devClock, false, 'real time unless asked');
  assert.equal(loadConfig({}, { CALM_KEYS_DEV_CLOCK: 'true' }).devClock, true);
  assert.equal(loadConfig({}, { CALM_KEYS_DEV_CLOCK: 'false' }).devClock, false);
  assert.equal(loadConfig({ devClock: 'true' }, { CALM_KEYS_DEV_CLOCK: 'false' }).devClock, true);
  assert.throws(
    () => loadConfig({}, { CALM_KEYS_DEV_CLOCK: 'yes' }),
    (error) => isDomainError(error) && error.details?.[0]?.path === 'CALM_KEYS_DEV_CLOCK',
  );
});
