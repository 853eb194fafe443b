import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFieldKeys, matchesFields, matchesLabels, parseQuery, QuerySyntaxError } from './index.js';

const field = (q: string, fields: Record<string, string | number | boolean | null>) =>
  matchesFields(parseQuery(q, 'field'), fields);
const label = (q: string, labels: Record<string, string[]>) => matchesLabels(parseQuery(q, 'label'), labels);

test('field operators as SAP documents them', () => {
  const plan = { catalog_name: 'standard', n: 3, free: true, data_center: null, created_at: '2024-05-01T10:00:00Z' };
  assert.equal(field("catalog_name eq 'standard'", plan), true);
  assert.equal(field("catalog_name eq 'Standard'", plan), false);
  assert.equal(field("catalog_name ne 'standard'", plan), false);
  assert.equal(field("data_center en 'eu10'", plan), true, 'en: null matches');
  assert.equal(field("data_center eq 'eu10'", plan), false);
  assert.equal(field("data_center ne 'eu10'", plan), true, 'null does not match the literal');
  assert.equal(field("catalog_name in ('a', 'standard')", plan), true);
  assert.equal(field("catalog_name notin ('a', 'standard')", plan), false);
  assert.equal(field("catalog_name contains 'tand'", plan), true);
  assert.equal(field('n gt 2 and n ge 3 and n lt 4 and n le 3', plan), true);
  assert.equal(field('n gt 3', plan), false);
  assert.equal(field('free eq true', plan), true);
  assert.equal(field("free eq 'true'", plan), true, 'a boolean field compares as its text too');
  assert.equal(field('created_at gt 2024-05-01T09:59:59Z and created_at lt 2024-05-01T12:00:00+01:00', plan), true);
  assert.equal(field("catalog_name eq 'standard' and n eq 4", plan), false, 'and needs both');
});

test('label operators as SAP documents them', () => {
  const labels = { tenant_id: ['a', 'b'], _k8sname: ['my-key'] };
  assert.equal(label("tenant_id eq 'a'", labels), true);
  assert.equal(label("tenant_id eq 'c'", labels), false);
  assert.equal(label("missing eq 'a'", labels), false);
  assert.equal(label("missing en 'a'", labels), true, 'en: an absent label matches');
  assert.equal(label("tenant_id en 'c'", labels), false);
  assert.equal(label("tenant_id ne 'c'", labels), true);
  assert.equal(label("tenant_id ne 'a'", labels), false, 'ne: no value may match');
  assert.equal(label("missing ne 'a'", labels), false, 'ne needs the label');
  assert.equal(label("tenant_id in ('c', 'b')", labels), true);
  assert.equal(label("tenant_id notin ('c', 'd')", labels), true);
  assert.equal(label("missing notin ('c')", labels), false);
  assert.equal(label("_k8sname contains 'y-k'", labels), true);
});

test('a field query naming an unknown field is refused, naming the known ones', () => {
  assert.throws(
    () => checkFieldKeys(parseQuery("catalog_nme eq 'x'", 'field'), ['catalog_name', 'id'], 'service offerings'),
    (e: unknown) => e instanceof QuerySyntaxError && /catalog_nme is not a field of service offerings/.test(e.message),
  );
});
