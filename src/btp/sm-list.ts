/**
 * The lists of the Service Manager API: `fieldQuery` and `labelQuery` (sm-query/) applied to every item the
 * caller may see, a stable order (created_at, then id), and `max_items` / `token` paging. The answer is
 * SAP's `{token, num_items, items}`: `num_items` counts every match (not just this page), `token` is present
 * while more follow and is opaque (the position after the page's last item). `max_items=0` answers the count
 * alone, as the open-source Service Manager (Peripli) does. A token that was not made here is 400.
 */
import { invalidInput } from '../shared/index.js';
import {
  checkFieldKeys,
  matchesFields,
  matchesLabels,
  parseQuery,
  QuerySyntaxError,
  type Fields,
  type FieldValue,
  type Labels,
  type QueryKind,
} from './sm-query/index.js';
import { BTP_ERRORS } from './errors.js';

/** SAP does not publish its page size; Peripli's default is 50 and calm-keys caps a page at 200. */
export const DEFAULT_MAX_ITEMS = 50;
export const MAX_MAX_ITEMS = 200;

export interface ListParams {
  readonly fieldQuery?: string | undefined;
  readonly labelQuery?: string | undefined;
  readonly maxItems?: number | undefined;
  readonly token?: string | undefined;
}

export interface ListSource<T> {
  /** What the items are, for messages ("service instances"). */
  readonly what: string;
  /** The field names a fieldQuery may use. */
  readonly fields: readonly string[];
  readonly fieldsOf: (item: T) => Fields;
  readonly labelsOf: (item: T) => Labels;
  readonly orderOf: (item: T) => { readonly createdAt: string; readonly id: string };
}

/** The named fields of an item that a query can compare (strings, numbers, booleans, null). */
export function scalarFields(item: object, names: readonly string[]): Fields {
  const out: Record<string, FieldValue> = {};
  for (const name of names) {
    const value: unknown = (item as Record<string, unknown>)[name];
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) out[name] = value as FieldValue;
  }
  return out;
}

export interface Page<T> {
  readonly token?: string;
  readonly num_items: number;
  readonly items: T[];
}

function parsed(text: string | undefined, kind: QueryKind, source: ListSource<unknown>) {
  if (text === undefined) return undefined;
  const parameter = kind === 'field' ? 'fieldQuery' : 'labelQuery';
  try {
    const query = parseQuery(text, kind);
    if (kind === 'field') checkFieldKeys(query, source.fields, source.what);
    return query;
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) throw error;
    throw invalidInput(BTP_ERRORS.sm_bad_query, `${parameter}: ${error.message}.`, [
      { path: parameter, message: `${error.message} (position ${error.position})` },
    ]);
  }
}

const encodeToken = (createdAt: string, id: string) =>
  Buffer.from(JSON.stringify({ v: 1, after: [createdAt, id] })).toString('base64url');

function decodeToken(token: string): [string, string] {
  const bad = () =>
    invalidInput(BTP_ERRORS.sm_bad_paging, 'token: not a paging token of this list; start again without it.', [
      { path: 'token', message: 'not a paging token of this list' },
    ]);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (typeof value !== 'object' || value === null) throw bad();
  const { v, after } = value as { v?: unknown; after?: unknown };
  if (v !== 1 || !Array.isArray(after) || after.length !== 2 || !after.every((x) => typeof x === 'string')) throw bad();
  return after as [string, string];
}

const compareKeys = (a: readonly [string, string], b: readonly [string, string]) =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

export function pageOf<T>(items: readonly T[], params: ListParams, source: ListSource<T>): Page<T> {
  const fieldQuery = parsed(params.fieldQuery, 'field', source as ListSource<unknown>);
  const labelQuery = parsed(params.labelQuery, 'label', source as ListSource<unknown>);
  const maxItems = params.maxItems ?? DEFAULT_MAX_ITEMS;
  const after = params.token === undefined || params.token === '' ? undefined : decodeToken(params.token);
  const keyOf = (item: T): [string, string] => {
    const o = source.orderOf(item);
    return [o.createdAt, o.id];
  };
  const matching = items
    .filter((item) => !fieldQuery || matchesFields(fieldQuery, source.fieldsOf(item)))
    .filter((item) => !labelQuery || matchesLabels(labelQuery, source.labelsOf(item)))
    .sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
  const rest = after ? matching.filter((item) => compareKeys(keyOf(item), after) > 0) : matching;
  const page = rest.slice(0, maxItems);
  const last = page.at(-1);
  const more = maxItems > 0 && rest.length > page.length && last !== undefined;
  return {
    ...(more ? { token: encodeToken(...keyOf(last)) } : {}),
    num_items: matching.length,
    items: page,
  };
}
