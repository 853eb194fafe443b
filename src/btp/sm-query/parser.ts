/**
 * Parses a `fieldQuery` or `labelQuery` into its typed form (ast.ts), after SAP's rules
 * (`filtering-parameters-and-operators-3331c6e.md`): `key op literal` or `key in|notin (literal, ...)`,
 * joined by `and`; string literals in single quotes; integers with one optional sign; `true`/`false` unquoted;
 * date-times unquoted in ISO 8601 (`yyyy-mm-ddThh:mm:ss.s[Z|(+|-)hh:mm]`); `gt`, `ge`, `lt`, `le` in field
 * queries only. Anything else is a QuerySyntaxError naming what was expected, and where.
 */
import {
  MULTIVARIATE_OPERATORS,
  ORDERING_OPERATORS,
  QuerySyntaxError,
  UNIVARIATE_OPERATORS,
  type Criterion,
  type Literal,
  type MultivariateOperator,
  type Query,
  type QueryKind,
  type UnivariateOperator,
} from './ast.js';
import { readIsoTimestamp } from '../../shared/index.js';
import { tokenize, type Token } from './tokenizer.js';

/** Keys: field names and label keys (`catalog_name`, `_k8sname`, `app.kubernetes.io/name`). */
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;
const INTEGER = /^[+-]?[0-9]+$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** Beyond this a number is not exact in JSON or JavaScript. */
const MAX_INTEGER_DIGITS = 15;

const describe = (t: Token | undefined): string =>
  t === undefined
    ? 'the end of the query'
    : t.kind === 'word'
      ? `"${t.text}"`
      : t.kind === 'string'
        ? `the string '${t.value}'`
        : `"${t.kind}"`;

function literalOf(t: Token | undefined, end: number): Literal {
  if (t === undefined) throw new QuerySyntaxError('expected a literal at the end of the query', end);
  if (t.kind === 'string') return { type: 'string', value: t.value };
  if (t.kind !== 'word') throw new QuerySyntaxError(`expected a literal, found ${describe(t)}`, t.at);
  const text = t.text;
  if (text === 'true' || text === 'false') return { type: 'boolean', value: text === 'true' };
  if (INTEGER.test(text)) {
    if (text.replace(/^[+-]/, '').length > MAX_INTEGER_DIGITS)
      throw new QuerySyntaxError(`the integer ${text} has more than ${MAX_INTEGER_DIGITS} digits`, t.at);
    return { type: 'integer', value: Number(text) };
  }
  if (DATETIME.test(text)) {
    const reading = readIsoTimestamp(text);
    if (!reading.ok) throw new QuerySyntaxError(`${text} is not a date and time of the calendar`, t.at);
    return { type: 'datetime', value: text, epochMs: reading.value };
  }
  throw new QuerySyntaxError(
    `${describe(t)} is not a literal: quote strings ('...'), integers are digits with an optional sign, booleans are true or false, date-times are ISO 8601 (2024-01-31T12:00:00Z)`,
    t.at,
  );
}

export function parseQuery(query: string, kind: QueryKind): Query {
  const tokens = tokenize(query);
  if (tokens.length === 0) throw new QuerySyntaxError('the query is empty; leave the parameter out instead', 0);
  const end = query.length;
  let i = 0;
  const criteria: Criterion[] = [];
  for (;;) {
    const keyToken = tokens[i];
    if (keyToken?.kind !== 'word' || !KEY.test(keyToken.text))
      throw new QuerySyntaxError(`expected a key, found ${describe(keyToken)}`, keyToken?.at ?? end);
    const key = keyToken.text;
    const opToken = tokens[i + 1];
    const op = opToken?.kind === 'word' ? opToken.text : undefined;
    i += 2;
    if ((MULTIVARIATE_OPERATORS as readonly string[]).includes(op ?? '')) {
      if (tokens[i]?.kind !== '(')
        throw new QuerySyntaxError(`${op} takes a list ('a', 'b'); found ${describe(tokens[i])}`, tokens[i]?.at ?? end);
      i += 1;
      const values: Literal[] = [];
      if (tokens[i]?.kind === ')') i += 1;
      else
        for (;;) {
          values.push(literalOf(tokens[i], end));
          const next = tokens[i + 1];
          i += 2;
          if (next?.kind === ')') break;
          if (next?.kind !== ',')
            throw new QuerySyntaxError(`expected "," or ")" in the list, found ${describe(next)}`, next?.at ?? end);
        }
      criteria.push({ key, op: op as MultivariateOperator, values });
    } else if ((UNIVARIATE_OPERATORS as readonly string[]).includes(op ?? '')) {
      const univariate = op as UnivariateOperator;
      if (kind === 'label' && (ORDERING_OPERATORS as readonly string[]).includes(univariate))
        throw new QuerySyntaxError(`${univariate} applies to field queries only`, opToken!.at);
      const value = literalOf(tokens[i], end);
      if (univariate === 'contains' && value.type !== 'string')
        throw new QuerySyntaxError('contains takes a string literal', tokens[i]!.at);
      if (value.type === 'boolean' && (ORDERING_OPERATORS as readonly string[]).includes(univariate))
        throw new QuerySyntaxError(`${univariate} does not compare booleans`, tokens[i]!.at);
      i += 1;
      criteria.push({ key, op: univariate, value });
    } else {
      throw new QuerySyntaxError(
        `expected an operator after "${key}" (${[...UNIVARIATE_OPERATORS, ...MULTIVARIATE_OPERATORS].join(', ')}), found ${describe(opToken)}`,
        opToken?.at ?? end,
      );
    }
    const joiner = tokens[i];
    if (joiner === undefined) return criteria;
    if (joiner.kind !== 'word' || joiner.text !== 'and')
      throw new QuerySyntaxError(
        `expected "and" or the end of the query, found ${describe(joiner)}${joiner.kind === 'word' && joiner.text === 'or' ? ' (SAP Service Manager queries have no "or")' : ''}`,
        joiner.at,
      );
    i += 1;
    if (tokens[i] === undefined) throw new QuerySyntaxError('expected a criterion after "and"', end);
  }
}
