import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../shared/index.js';
import { pageOf, scalarFields, type ListSource } from './sm-list.js';

interface Item {
  id: string;
  created_at: string;
  name: string;
  labels: Record<string, string[]>;
  context: Record<string, string>;
}
const items: Item[] = ['c', 'a', 'e', 'b', 'd'].map((id, i) => ({
  id,
  // two share a time: the id breaks the tie, so the order is total
  created_at: `2026-12-01T10:00:0${i < 2 ? 0 : i}Z`,
  name: `n-${id}`,
  labels: { group: [i % 2 === 0 ? 'x' : 'y'] },
  context: { zone: 'z' },
}));
const source: ListSource<Item> = {
  what: 'things',
  fields: ['id', 'name', 'created_at'],
  fieldsOf: (v) => scalarFields(v, ['id', 'name', 'created_at']),
  labelsOf: (v) => v.labels,
  orderOf: (v) => ({ createdAt: v.created_at, id: v.id }),
};
const code = (c: string) => (e: unknown) => e instanceof DomainError && e.code === c;

test('pages follow (created_at, id) and the token continues after the last item', () => {
  const first = pageOf(items, { maxItems: 2 }, source);
  assert.deepEqual(
    first.items.map((i) => i.id),
    ['a', 'c'],
  );
  assert.equal(first.num_items, 5);
  const second = pageOf(items, { maxItems: 2, token: first.token }, source);
  const third = pageOf(items, { maxItems: 2, token: second.token }, source);
  assert.deepEqual(
    [...second.items, ...third.items].map((i) => i.id),
    ['e', 'b', 'd'],
  );
  assert.equal(third.token, undefined);
  assert.deepEqual(pageOf(items, { maxItems: 0 }, source), { num_items: 5, items: [] });
});

test('queries filter before paging; num_items counts the matches', () => {
  const page = pageOf(items, { labelQuery: "group eq 'x'", fieldQuery: "name ne 'n-e'", maxItems: 1 }, source);
  assert.equal(page.num_items, 2);
  assert.deepEqual(
    page.items.map((i) => i.id),
    ['c'],
  );
});

test('a token not made here, a malformed query or an unknown field is 400 naming it', () => {
  for (const token of [
    'garbage',
    Buffer.from('{"v":2}').toString('base64url'),
    Buffer.from('[1]').toString('base64url'),
  ])
    assert.throws(() => pageOf(items, { token }, source), code('btp.sm_bad_paging'));
  assert.throws(() => pageOf(items, { fieldQuery: 'name eq' }, source), code('btp.sm_bad_query'));
  assert.throws(
    () => pageOf(items, { fieldQuery: "context eq 'z'" }, source),
    (e: unknown) => e instanceof DomainError && /context is not a field of things/.test(e.message),
  );
});
