import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from './load.js';
import { isDomainError } from '../shared/index.js';

test('CALM_KEYS_KEY_RETEST_INTERVAL_SECONDS: 6 h by default; 0 and off switch it off; 1 s to 7 days', () => {
  assert.equal(loadConfig({}, {}).keyRetestIntervalSeconds, 21_600);
  assert.equal(loadConfig({}, { CALM_KEYS_KEY_RETEST_INTERVAL_SECONDS: '1' }).keyRetestIntervalSeconds, 1);
  assert.equal(loadConfig({}, { CALM_KEYS_KEY_RETEST_INTERVAL_SECONDS: '0' }).keyRetestIntervalSeconds, 0);
  assert.equal(loadConfig({}, { CALM_KEYS_KEY_RETEST_INTERVAL_SECONDS: 'off' }).keyRetestIntervalSeconds, 0);
  assert.equal(loadConfig({}, { CALM_KEYS_KEY_RETEST_INTERVAL_SECONDS: ' OFF ' }).keyRetestIntervalSeconds, 0);
  assert.equal(loadConfig({}, { CALM_KEYS_KEY_RETEST_INTERVAL_SECONDS: '604800' }).keyRetestIntervalSeconds, 604_800);
  for (const bad of ['-1', '604801', '1.5', 'six hours', 'true']) {
    assert.throws(
      () => loadConfig({}, { CALM_KEYS_KEY_RETEST_INTERVAL_SECONDS: bad }),
      (error: unknown) => isDomainError(error) && /CALM_KEYS_KEY_RETEST_INTERVAL_SECONDS/.test(error.message),
      bad,
    );
  }
});
