/**
 * The typed form of a Service Manager `fieldQuery` or `labelQuery` (SAP-docs/btp-service-manager,
 * `filtering-parameters-and-operators-3331c6e.md`): a conjunction of criteria, each a key, an operator and a
 * literal or a list of literals. SAP's language has `and` only (no `or`, no negation, no parentheses
 * around criteria), so a query is a flat list.
 */

/** The four literal types SAP documents: quoted strings, bare integers, bare booleans, bare ISO 8601 date-times. */
export type Literal =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'integer'; readonly value: number }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'datetime'; readonly value: string; readonly epochMs: number };

/** Operators with one literal. `gt`, `ge`, `lt`, `le` apply to field queries only; `en` is "equal or null". */
export const UNIVARIATE_OPERATORS = ['eq', 'ne', 'en', 'gt', 'ge', 'lt', 'le', 'contains'] as const;
/** Operators with a list of literals `('a', 'b')`. */
export const MULTIVARIATE_OPERATORS = ['in', 'notin'] as const;
export const ORDERING_OPERATORS = ['gt', 'ge', 'lt', 'le'] as const;

export type UnivariateOperator = (typeof UNIVARIATE_OPERATORS)[number];
export type MultivariateOperator = (typeof MULTIVARIATE_OPERATORS)[number];
export type Operator = UnivariateOperator | MultivariateOperator;

export type Criterion =
  | { readonly key: string; readonly op: UnivariateOperator; readonly value: Literal }
  | { readonly key: string; readonly op: MultivariateOperator; readonly values: readonly Literal[] };

/** Criteria that must all hold. */
export type Query = readonly Criterion[];

export type QueryKind = 'field' | 'label';

/** A query that does not follow the grammar: `position` is the 0-based offset of the offending character. */
export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'QuerySyntaxError';
  }
}

export const isMultivariate = (
  c: Criterion,
): c is { readonly key: string; readonly op: MultivariateOperator; readonly values: readonly Literal[] } =>
  c.op === 'in' || c.op === 'notin';
