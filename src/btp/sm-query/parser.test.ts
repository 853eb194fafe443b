import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  formatQuery,
  parseQuery,
  QuerySyntaxError,
  UNIVARIATE_OPERATORS,
  type Criterion,
  type Literal,
  type Query,
} from './index.js';

test("the Service Operator's queries parse as SAP writes them", () => {
  assert.deepEqual(parseQuery("catalog_name eq 'SAPCloudALMAPIs' and data_center eq ''", 'field'), [
    { key: 'catalog_name', op: 'eq', value: { type: 'string', value: 'SAPCloudALMAPIs' } },
    { key: 'data_center', op: 'eq', value: { type: 'string', value: '' } },
  ]);
  assert.deepEqual(parseQuery("catalog_name eq 'standard' and service_offering_id in ('a', 'b')", 'field')[1], {
    key: 'service_offering_id',
    op: 'in',
    values: [
      { type: 'string', value: 'a' },
      { type: 'string', value: 'b' },
    ],
  });
});

test("literals: '' escapes a quote, signed integers, booleans, ISO 8601 date-times, empty lists", () => {
  const [a, b, c, d, e] = parseQuery(
    "description eq '''customized'' kubernetes' and n gt -5 and orphan ne true and created_at ge 2024-01-31T12:00:00.5+01:00 and x notin ()",
    'field',
  );
  assert.deepEqual(a, { key: 'description', op: 'eq', value: { type: 'string', value: "'customized' kubernetes" } });
  assert.deepEqual(b, { key: 'n', op: 'gt', value: { type: 'integer', value: -5 } });
  assert.deepEqual(c, { key: 'orphan', op: 'ne', value: { type: 'boolean', value: true } });
  assert.equal((d as { value: Literal }).value.type, 'datetime');
  assert.deepEqual(e, { key: 'x', op: 'notin', values: [] });
});

const refusals: [string, 'field' | 'label', RegExp][] = [
  ['', 'field', /empty/],
  ["catalog_name = 'x'", 'field', /expected an operator after "catalog_name"/],
  ["catalog_name eq 'x", 'field', /not closed/],
  ['catalog_name eq x', 'field', /"x" is not a literal/],
  ["a eq 'x' or b eq 'y'", 'field', /no "or"/],
  ["a eq 'x' and", 'field', /after "and"/],
  ["a in 'x'", 'field', /takes a list/],
  ["a in ('x' 'y')", 'field', /expected "," or "\)"/],
  ['a eq 1.5', 'field', /not a literal/],
  ["a gt '1'", 'label', /field queries only/],
  ['a contains 5', 'field', /string literal/],
  ['a lt true', 'field', /does not compare booleans/],
  ['a eq 2024-02-30T00:00:00Z', 'field', /not a date/],
  ["(a eq 'x')", 'field', /expected a key/],
  ['a eq 1234567890123456', 'field', /more than 15 digits/],
];
for (const [query, kind, message] of refusals)
  test(`refused: ${query || '(empty)'}`, () => {
    assert.throws(
      () => parseQuery(query, kind),
      (e: unknown) => e instanceof QuerySyntaxError && message.test(e.message),
    );
  });

const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_./-]{0,12}$/).filter((k) => k !== 'and');
const literal: fc.Arbitrary<Literal> = fc.oneof(
  fc.string({ maxLength: 12 }).map((value) => ({ type: 'string' as const, value })),
  fc.integer({ min: -1e12, max: 1e12 }).map((value) => ({ type: 'integer' as const, value })),
  fc.boolean().map((value) => ({ type: 'boolean' as const, value })),
  fc
    .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true })
    .map((d) => ({ type: 'datetime' as const, value: d.toISOString(), epochMs: d.getTime() })),
);
const criterion: fc.Arbitrary<Criterion> = fc.oneof(
  fc
    .record({ key, op: fc.constantFrom(...UNIVARIATE_OPERATORS), value: literal })
    .filter(
      (c) =>
        (c.op !== 'contains' || c.value.type === 'string') &&
        (c.value.type !== 'boolean' || !['gt', 'ge', 'lt', 'le'].includes(c.op)),
    ),
  fc.record({ key, op: fc.constantFrom('in' as const, 'notin' as const), values: fc.array(literal, { maxLength: 4 }) }),
);

test('property: every query printed in SAP syntax parses back to itself', () => {
  fc.assert(
    fc.property(fc.array(criterion, { minLength: 1, maxLength: 5 }), (query: Query) => {
      // structuredClone: fast-check builds records without a prototype
      assert.deepEqual(parseQuery(formatQuery(query), 'field'), structuredClone(query));
    }),
    { numRuns: 500 },
  );
});

test('property: any text either parses or is a QuerySyntaxError, never another failure', () => {
  const pieces = fc.constantFrom("'", "''", '(', ')', ',', ' ', 'and', 'eq', 'in', 'a', '1', '-', 'true', 'x y');
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc.array(pieces).map((p) => p.join('')),
      ),
      (text) => {
        try {
          parseQuery(text, 'label');
        } catch (error) {
          assert.ok(error instanceof QuerySyntaxError, String(error));
          assert.ok(error.position >= 0 && error.position <= text.length);
        }
      },
    ),
    { numRuns: 1000 },
  );
});
