import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findJsonSyntaxError, lineAndColumn, maxNestingDepth } from './json-syntax.js';

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

test('the locator accepts exactly what JSON.parse accepts, on hand-picked edge cases', () => {
  const cases = [
    '{}',
    '[]',
    '0',
    '-0',
    '1.5e+3',
    '"\\u00e9"',
    'true',
    ' null ',
    '{"a":[1,{"b":null}]}',
    '\r\n{"a":1}\r\n',
    '',
    ' ',
    '{',
    '{"a"',
    '{"a":',
    '{"a":1',
    '{"a":1,}',
    '[1,]',
    '01',
    '1.',
    '.5',
    '-',
    '1e',
    '+1',
    'tru',
    'nul',
    '"\\x"',
    '"\\u12"',
    '"a\nb"',
    '{a:1}',
    "{'a':1}",
    '{"a":1}x',
    '{"a":1} {}',
    '[1 2]',
    '{"a" 1}',
    '\u00a0{}',
    '{}\u0000',
  ];
  for (const text of cases) {
    assert.equal(findJsonSyntaxError(text) === undefined, parses(text), JSON.stringify(text));
  }
});

test('the locator agrees with JSON.parse on random JSON-like text', () => {
  const alphabet = fc.constantFrom(...'{}[]",:\\ \n\r\t0123456789-+.eEtrufalsnabx\u0001é'.split(''));
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 40 }), (chars) => {
      const text = chars.join('');
      return (findJsonSyntaxError(text) === undefined) === parses(text);
    }),
    { numRuns: 3000 },
  );
  fc.assert(
    fc.property(fc.json(), fc.nat(), (json, cut) => {
      const text = json.slice(0, cut % (json.length + 1));
      return (findJsonSyntaxError(text) === undefined) === parses(text);
    }),
    { numRuns: 1000 },
  );
});

test('the locator points at the offending character and says what was expected', () => {
  assert.deepEqual(findJsonSyntaxError('{"a":1,}'), {
    offset: 7,
    expected: 'a property name in double quotes',
    found: '}',
    trailing: false,
  });
  assert.deepEqual(findJsonSyntaxError('{"a":1'), { offset: 6, expected: "',' or '}'", trailing: false });
  assert.equal(findJsonSyntaxError('{} x')?.trailing, true);
  assert.equal(findJsonSyntaxError('{} x')?.offset, 3);
});

test('the locator survives nesting far deeper than the call stack', () => {
  const deep = '['.repeat(100_000);
  assert.equal(findJsonSyntaxError(deep)?.offset, 100_000);
  assert.equal(maxNestingDepth(`${'['.repeat(50_000)}${']'.repeat(50_000)}`), 50_000);
});

test('line and column are 1-based, count a CRLF as one line end, and point past the end for truncation', () => {
  assert.deepEqual(lineAndColumn('{\r\n  "a": x', 9), { line: 2, column: 7 });
  assert.deepEqual(lineAndColumn('ab', 2), { line: 1, column: 3 });
});

test('nesting depth ignores brackets inside strings', () => {
  assert.equal(maxNestingDepth('{"a":"[[[{{{\\"]]]","b":{"c":[1]}}'), 3);
});
