import { test } from 'node:test';
import assert from 'node:assert/strict';
import { READABLE_ALPHABET, readableSecret } from './random.js';

test('a readable secret is 4 groups of 5 symbols of an alphabet without 0, O, 1, l or I, 100 bits', () => {
  assert.equal(new Set(READABLE_ALPHABET).size, 32, 'every symbol once: 5 bits each');
  for (const ambiguous of ['0', 'O', 'o', '1', 'l', 'I'])
    assert.equal(READABLE_ALPHABET.includes(ambiguous), false, ambiguous);
  assert.equal(20 * Math.log2(READABLE_ALPHABET.length), 100);
  const seen = new Set<string>();
  for (let i = 0; i < 200; i += 1) {
    const secret = readableSecret();
    assert.match(secret, /^[2-9a-km-np-z]{5}(-[2-9a-km-np-z]{5}){3}$/);
    for (const ch of secret.replaceAll('-', '')) seen.add(ch);
  }
  assert.equal(seen.size, 32, 'over 4000 symbols, every one of the 32 occurs (uniform draw)');
});
