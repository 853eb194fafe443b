import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonPath } from './json-path.js';

test('jsonPath names the document root as $', () => {
  assert.equal(jsonPath([]), '$');
});

test('jsonPath keeps dashes in plain keys and brackets indexes and odd keys', () => {
  assert.equal(jsonPath(['uaa', 'credential-type']), 'uaa.credential-type');
  assert.equal(jsonPath(['keys', 0, 'kid']), 'keys[0].kid');
  assert.equal(jsonPath(['a b', 'c']), '["a b"].c');
});
