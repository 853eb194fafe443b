/** Writes a query back in SAP's syntax (for messages, and for the parser's round-trip property test). */
import { isMultivariate, type Literal, type Query } from './ast.js';

export function formatLiteral(l: Literal): string {
  switch (l.type) {
    case 'string':
      return `'${l.value.replaceAll("'", "''")}'`;
    case 'integer':
      return String(l.value);
    case 'boolean':
      return String(l.value);
    case 'datetime':
      return l.value;
  }
}

export function formatQuery(query: Query): string {
  return query
    .map((c) =>
      isMultivariate(c)
        ? `${c.key} ${c.op} (${c.values.map(formatLiteral).join(', ')})`
        : `${c.key} ${c.op} ${formatLiteral(c.value)}`,
    )
    .join(' and ');
}
