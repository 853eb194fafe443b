/**
 * Evaluates a parsed query against one resource, with SAP's semantics (`filtering-parameters-and-operators-
 * 3331c6e.md`). Fields: `eq` matches the value, `en` also matches null, `ne` and `notin` hold for a value that
 * does not match (null included), `contains` is a substring test, `gt`/`ge`/`lt`/`le` order numbers,
 * date-times and strings. Labels (key -> values): `eq`, `in`, `contains` need the label and one matching
 * value; `ne`, `notin` need the label and no matching value; `en` also holds when the label is absent.
 */
import { isMultivariate, QuerySyntaxError, type Criterion, type Literal, type Query } from './ast.js';

export type FieldValue = string | number | boolean | null | undefined;
export type Fields = Readonly<Record<string, FieldValue>>;
export type Labels = Readonly<Record<string, readonly string[]>>;

/** The literal as label text: labels are strings, so `5` and `'5'` match the same value. */
const asText = (l: Literal): string => (l.type === 'string' ? l.value : String(l.value));

/** -1, 0, 1, or undefined when the two cannot be compared (a string field against a boolean literal). */
function compare(field: string | number | boolean, l: Literal): number | undefined {
  const sign = (d: number) => (d < 0 ? -1 : d > 0 ? 1 : 0);
  if (l.type === 'datetime' && typeof field === 'string') {
    const t = Date.parse(field);
    return Number.isNaN(t) ? undefined : sign(t - l.epochMs);
  }
  if (l.type === 'integer' && typeof field === 'number') return sign(field - l.value);
  if (l.type === 'boolean') return typeof field === 'boolean' ? (field === l.value ? 0 : 1) : undefined;
  if (typeof field === 'string') return field < asText(l) ? -1 : field > asText(l) ? 1 : 0;
  // a number or boolean field against text: compare what it prints as (`ready eq 'true'`)
  return String(field) === asText(l) ? 0 : undefined;
}

const matches = (field: FieldValue, l: Literal) => field !== null && field !== undefined && compare(field, l) === 0;

function fieldCriterion(c: Criterion, field: FieldValue): boolean {
  if (isMultivariate(c)) {
    const any = c.values.some((l) => matches(field, l));
    return c.op === 'in' ? any : !any;
  }
  const l = c.value;
  switch (c.op) {
    case 'eq':
      return matches(field, l);
    case 'en':
      return field === null || field === undefined || matches(field, l);
    case 'ne':
      return !matches(field, l);
    case 'contains':
      return typeof field === 'string' && field.includes(asText(l));
    default: {
      if (field === null || field === undefined) return false;
      const order = compare(field, l);
      if (order === undefined) return false;
      return c.op === 'gt' ? order > 0 : c.op === 'ge' ? order >= 0 : c.op === 'lt' ? order < 0 : order <= 0;
    }
  }
}

function labelCriterion(c: Criterion, values: readonly string[] | undefined): boolean {
  const exists = values !== undefined && values.length > 0;
  if (isMultivariate(c)) {
    const wanted = new Set(c.values.map(asText));
    const any = exists && values.some((v) => wanted.has(v));
    return exists && (c.op === 'in' ? any : !any);
  }
  const text = asText(c.value);
  switch (c.op) {
    case 'eq':
      return exists && values.includes(text);
    case 'en':
      return !exists || values.includes(text);
    case 'ne':
      return exists && !values.includes(text);
    case 'contains':
      return exists && values.some((v) => v.includes(text));
    default:
      return false; // the parser refuses ordering operators in label queries
  }
}

export const matchesFields = (query: Query, fields: Fields): boolean =>
  query.every((c) => fieldCriterion(c, fields[c.key]));

export const matchesLabels = (query: Query, labels: Labels): boolean =>
  query.every((c) => labelCriterion(c, Object.hasOwn(labels, c.key) ? labels[c.key] : undefined));

/** A field query may name only fields the resource has: SAP answers 400 for others; so do we, naming them. */
export function checkFieldKeys(query: Query, known: readonly string[], what: string): void {
  for (const c of query)
    if (!known.includes(c.key))
      throw new QuerySyntaxError(`${c.key} is not a field of ${what} (fields: ${known.join(', ')})`, 0);
}
