import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteCoalescer } from './write-coalescer.js';

test('a key is due once per interval; another key at once; a forgotten key is due again; bounded', () => {
  const writes = createWriteCoalescer(1000, 3);
  assert.equal(writes.due('a', 0), true);
  assert.equal(writes.due('a', 999), false);
  assert.equal(writes.due('b', 999), true, 'another key is due at once');
  assert.equal(writes.due('a', 1000), true, 'a full interval after the last write');
  writes.forget('a');
  assert.equal(writes.due('a', 1001), true, 'a failed write is retried');
  assert.equal(writes.due('c', 1001), true);
  assert.equal(writes.due('d', 1001), true, 'past the bound everything is forgotten');
  assert.equal(writes.due('b', 1002), true, 'so b is due early, which costs one write');
});
