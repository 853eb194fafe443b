import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDomainError } from '../shared/index.js';
import { loadConfig } from './load.js';

const VARIABLE = 'CALM_KEYS_REJECT_TOKENS_OF_DELETED_BINDINGS';

test('CALM_KEYS_REJECT_TOKENS_OF_DELETED_BINDINGS is off by default (XSUAA), true or false when set', () => {
  assert.equal(loadConfig({}, {}).rejectTokensOfDeletedBindings, false);
  assert.equal(loadConfig({}, { [VARIABLE]: '' }).rejectTokensOfDeletedBindings, false, 'empty is unset');
  assert.equal(loadConfig({}, { [VARIABLE]: 'true' }).rejectTokensOfDeletedBindings, true);
  assert.equal(loadConfig({}, { [VARIABLE]: 'false' }).rejectTokensOfDeletedBindings, false);
});

test('any other value stops the start naming the variable: a typo never means off', () => {
  for (const value of ['yes', '1', 'TRUE', 'ture', 'on']) {
    assert.throws(
      () => loadConfig({}, { [VARIABLE]: value }),
      (error) =>
        isDomainError(error) &&
        error.details?.[0]?.path === VARIABLE &&
        /expected true or false/.test(error.details[0].message),
      value,
    );
  }
});
