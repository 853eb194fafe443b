import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANDSCAPE_ERRORS } from './errors.js';

const here = import.meta.dirname;
const sources = [
  ...readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'errors.ts').map((f) => join(here, f)),
  join(here, '../http/routes/lm.routes.ts'),
  join(here, '../http/routes/lm-objects.routes.ts'),
];

test('every Landscape Management error code comes from LANDSCAPE_ERRORS, none is spelled out where it is thrown', () => {
  // a code written as a literal in a DomainError, invalidInput or conflict call, or in a route's errors list
  const literal = /(?:new DomainError\(\s*'[a-z_]+',\s*|invalidInput\(\s*|conflict\(\s*)'lm\.|\d{3}: \[[^\]]*'lm\./;
  for (const file of sources) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, i) => assert.doesNotMatch(text, literal, `${file}:${i + 1} spells out an lm. code: use LANDSCAPE_ERRORS`));
  }
});

test('LANDSCAPE_ERRORS holds distinct lm. codes', () => {
  const codes = Object.values(LANDSCAPE_ERRORS);
  assert.equal(new Set(codes).size, codes.length);
  for (const code of codes) assert.match(code, /^lm\.[a-z_]+(\.[a-z_]+)?$/);
});
