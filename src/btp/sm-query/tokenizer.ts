/**
 * Splits a query into tokens: quoted strings (`''` is one quote inside), the punctuation of lists, and
 * words (keys, operators, `and`, bare literals). What a word means depends on where it stands, so the
 * parser, not the tokenizer, decides (a key may look like a number; a date-time holds `:` and `+`).
 */
import { QuerySyntaxError } from './ast.js';

export type Token =
  | { readonly kind: 'word'; readonly text: string; readonly at: number }
  | { readonly kind: 'string'; readonly value: string; readonly at: number }
  | { readonly kind: '(' | ')' | ','; readonly at: number };

const PUNCTUATION = new Set(['(', ')', ',']);
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (isSpace(c)) {
      i += 1;
    } else if (PUNCTUATION.has(c)) {
      tokens.push({ kind: c as '(' | ')' | ',', at: i });
      i += 1;
    } else if (c === "'") {
      const start = i;
      let value = '';
      i += 1;
      for (;;) {
        if (i >= query.length)
          throw new QuerySyntaxError(`the string that starts at position ${start} is not closed with '`, start);
        if (query[i] === "'") {
          if (query[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        value += query[i];
        i += 1;
      }
      tokens.push({ kind: 'string', value, at: start });
    } else {
      const start = i;
      while (i < query.length && !isSpace(query[i]!) && !PUNCTUATION.has(query[i]!) && query[i] !== "'") i += 1;
      tokens.push({ kind: 'word', text: query.slice(start, i), at: start });
    }
  }
  return tokens;
}
