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

test('the quick check and the walk agree: objects at the depth limit, a NUL deep down, holes and empty containers', () => {
  const nestObject = (depth: number, leaf: unknown): unknown => {
    let value = leaf;
    for (let i = 0; i < depth; i += 1) value = { k: value };
    return value;
  };
  // MAX_INPUT_DEPTH containers are accepted, one more is refused, a string below the last is fine
  assert.equal(findInputProblem(nestObject(MAX_INPUT_DEPTH, 'leaf')), undefined);
  assert.equal(findInputProblem(nestObject(MAX_INPUT_DEPTH - 1, {})), undefined);
  assert.match(findInputProblem(nestObject(MAX_INPUT_DEPTH, {}))?.message ?? '', /nests deeper/);
  assert.equal(
    findInputProblem(nestObject(MAX_INPUT_DEPTH - 1, 'a\u0000'))?.path,
    `k${'.k'.repeat(MAX_INPUT_DEPTH - 2)}`,
  );
  // eslint-disable-next-line no-sparse-arrays -- a hole reads as undefined, as in the walk
  assert.equal(findInputProblem({ list: [1, , 'x', [], {}] }), undefined);
  // eslint-disable-next-line no-sparse-arrays -- the same with a NUL further on
  assert.equal(findInputProblem({ list: [1, , 'x', [{ deep: ['\u0000'] }]] })?.path, 'list[3][0].deep[0]');
});
