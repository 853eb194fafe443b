/** SAP Service Manager's query language for `fieldQuery` and `labelQuery` (README: "Service Manager"). */
export * from './ast.js';
export { parseQuery } from './parser.js';
export { formatQuery, formatLiteral } from './format.js';
export { tokenize, type Token } from './tokenizer.js';
export { matchesFields, matchesLabels, checkFieldKeys, type Fields, type FieldValue, type Labels } from './evaluate.js';
