/**
 * Finds where and why a text is not JSON (RFC 8259, exactly what JSON.parse accepts). Used only after
 * JSON.parse has failed: V8's own messages change between Node versions and quote the input around the
 * error, which in a service key may be the client secret. Iterative, so deep nesting cannot overflow the stack.
 */

export interface JsonSyntaxError {
  /** Offset (UTF-16 code units) of the offending character, or the text length when the input ended early. */
  readonly offset: number;
  /** What the grammar allowed at that point, in words ("',' or '}'"). */
  readonly expected: string;
  /** The character found, or undefined when the input ended. */
  readonly found?: string;
  /** A JSON value ended and more non-whitespace text follows it. */
  readonly trailing: boolean;
}

type State = 'value' | 'firstKeyOrEnd' | 'key' | 'colon' | 'firstValueOrEnd' | 'afterValue';

const isWhitespace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** Returns the first syntax error in `text`, or undefined when `text` is one valid JSON value. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const stack: ('{' | '[')[] = [];
  let state: State = 'value';
  let i = 0;
  const fail = (expected: string, trailing = false): JsonSyntaxError => {
    const found = text[i];
    return found === undefined ? { offset: i, expected, trailing } : { offset: i, expected, found, trailing };
  };

  for (;;) {
    while (isWhitespace(text[i])) i++;
    const c = text[i];
    switch (state) {
      case 'firstKeyOrEnd':
      case 'key':
        if (c === '}' && state === 'firstKeyOrEnd') {
          stack.pop();
          i++;
          state = 'afterValue';
          break;
        }
        if (c !== '"')
          return fail(state === 'key' ? 'a property name in double quotes' : "a property name in double quotes or '}'");
        {
          const error = scanString();
          if (error) return error;
        }
        state = 'colon';
        break;
      case 'colon':
        if (c !== ':') return fail("':' after the property name");
        i++;
        state = 'value';
        break;
      case 'firstValueOrEnd':
        if (c === ']') {
          stack.pop();
          i++;
          state = 'afterValue';
          break;
        }
        state = 'value';
        break;
      case 'value': {
        if (c === '{' || c === '[') {
          stack.push(c);
          i++;
          state = c === '{' ? 'firstKeyOrEnd' : 'firstValueOrEnd';
          break;
        }
        const error = c === '"' ? scanString() : c === '-' || isDigit(c) ? scanNumber() : scanLiteral();
        if (error) return error;
        state = 'afterValue';
        break;
      }
      case 'afterValue': {
        const top = stack[stack.length - 1];
        if (top === undefined) return c === undefined ? undefined : fail('the end of the file', true);
        const close = top === '{' ? '}' : ']';
        if (c === ',') {
          i++;
          state = top === '{' ? 'key' : 'value';
        } else if (c === close) {
          stack.pop();
          i++;
        } else {
          return fail(`',' or '${close}'`);
        }
        break;
      }
    }
  }

  function scanString(): JsonSyntaxError | undefined {
    i++; // opening quote
    for (;;) {
      const c = text[i];
      if (c === undefined) return fail("a closing '\"'");
      if (c === '"') {
        i++;
        return undefined;
      }
      if (c < ' ') return fail('no control character inside a string (a line break must be written as \\n)');
      if (c === '\\') {
        i++;
        const e = text[i];
        if (e === 'u') {
          for (let k = 1; k <= 4; k++) {
            i++;
            if (!isHex(text[i])) return fail('four hex digits after \\u');
          }
        } else if (e === undefined || !'"\\/bfnrt'.includes(e)) {
          return fail('an escape sequence such as \\" \\\\ \\n or \\u0041');
        }
      }
      i++;
    }
  }

  function scanNumber(): JsonSyntaxError | undefined {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else if (isDigit(text[i])) while (isDigit(text[i])) i++;
    else return fail('a digit');
    if (text[i] === '.') {
      i++;
      if (!isDigit(text[i])) return fail('a digit after the decimal point');
      while (isDigit(text[i])) i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!isDigit(text[i])) return fail('a digit in the exponent');
      while (isDigit(text[i])) i++;
    }
    return undefined;
  }

  function scanLiteral(): JsonSyntaxError | undefined {
    const literal = ['true', 'false', 'null'].find((word) => word[0] === text[i]);
    if (literal === undefined) return fail('a value (an object, array, string, number, true, false or null)');
    for (const expectedChar of literal) {
      if (text[i] !== expectedChar) return fail(`the word ${literal}`);
      i++;
    }
    return undefined;
  }
}

/** 1-based line and column of `offset`; a CRLF counts as one line end, like editors show it. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let k = 0; k < end; k++) {
    if (text.charCodeAt(k) === 10) {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Deepest nesting of objects and arrays in a text that is already known to be valid JSON. A scan of the text
 * rather than a walk of the parsed value, so it cannot overflow the stack however deep the input goes.
 */
export function maxNestingDepth(json: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let k = 0; k < json.length; k++) {
    const c = json.charCodeAt(k);
    if (inString) {
      if (c === 92)
        k++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}
