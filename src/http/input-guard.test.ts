import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findInputProblem, MAX_INPUT_DEPTH } from './input-guard.js';

test('a NUL character in a value or a field name is found at its JSON path', () => {
  assert.equal(findInputProblem({ name: 'ok', list: [1, 'two', null, true] }), undefined);
  assert.equal(findInputProblem(undefined), undefined);
  assert.deepEqual(findInputProblem({ a: [{ b: 'x' }, { c: 'y\u0000' }] })?.path, 'a[1].c');
  assert.deepEqual(findInputProblem({ 'we\u0000ird': 1 })?.path, '["we\\u0000ird"]');
  assert.deepEqual(findInputProblem('\u0000')?.path, '$');
  assert.match(findInputProblem({ tenantId: 'a\u0000b' })?.message ?? '', /U\+0000/);
});

test('JSON nested deeper than the limit is refused without recursion, however deep', () => {
  const nest = (depth: number) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown;
  assert.equal(findInputProblem(nest(MAX_INPUT_DEPTH)), undefined);
  assert.match(findInputProblem(nest(MAX_INPUT_DEPTH + 1))?.message ?? '', /nests deeper than 64 levels/);
  assert.match(findInputProblem({ p: nest(500_000) })?.path ?? '', /^p(\[0\])+$/);
});

test('files and token forms are left to the code that reads them', () => {
  assert.equal(findInputProblem(Buffer.from('a\u0000b')), undefined);
  assert.equal(findInputProblem(new URLSearchParams({ client_id: 'a\u0000' })), undefined);
});
