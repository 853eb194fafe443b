/**
 * The web UI's text bundles (web/src/i18n/, read through UI5's i18n in web/src/i18n.ts): English is every text's
 * default and German has exactly its keys, each with the same {0} placeholders, so no German page shows an
 * English text or a raw key and no value is lost. Every text goes through UI5's message format without error
 * (a lone apostrophe there would quote the rest of the sentence away; write ’ or '').
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import formatMessage from '@ui5/webcomponents-base/dist/util/formatMessage.js';

const read = (language: string) =>
  JSON.parse(readFileSync(new URL(`../web/src/i18n/${language}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
const en = read('en');
const de = read('de');
const placeholders = (text: string) => [...new Set(text.match(/\{\d+\}/g) ?? [])].sort();

test('the German bundle has exactly the English keys', () => {
  const missing = Object.keys(en).filter((k) => !Object.hasOwn(de, k));
  assert.deepEqual(missing, [], 'keys without a German text in web/src/i18n/de.json');
  const extra = Object.keys(de).filter((k) => !Object.hasOwn(en, k));
  assert.deepEqual(extra, [], 'German keys the English bundle (the keys of t()) does not have');
});

test('every text is a non-empty string with the same placeholders in both languages', () => {
  for (const [language, bundle] of [
    ['en', en],
    ['de', de],
  ] as const) {
    for (const [key, text] of Object.entries(bundle)) {
      assert.equal(typeof text, 'string', `${language} ${key} is a string`);
      assert.notEqual((text as string).trim(), '', `${language} ${key} is not empty`);
    }
  }
  const differ = Object.keys(en)
    .filter((k) => typeof de[k] === 'string')
    .filter((k) => placeholders(en[k] as string).join() !== placeholders(de[k] as string).join());
  assert.deepEqual(differ, [], 'keys whose German text has other {n} placeholders than the English one');
});

test("every text reads as written in UI5's message format (no lone apostrophe, no stray brace)", () => {
  for (const [language, bundle] of [
    ['en', en],
    ['de', de],
  ] as const) {
    for (const [key, text] of Object.entries(bundle) as [string, string][]) {
      const values = Array.from({ length: 10 }, (_, i) => `<${i}>`);
      let shown = '';
      assert.doesNotThrow(() => (shown = formatMessage(text, values)), `${language} ${key}`);
      // what is shown is the text with its placeholders filled: nothing quoted away
      const expected = text.replace(/\{(\d+)\}/g, '<$1>');
      assert.equal(shown, expected, `${language} ${key}: write a lone apostrophe as ’ (UI5 reads ' as a quote)`);
    }
  }
});

test('the bundles are the files the UI registers', () => {
  const source = readFileSync(new URL('../web/src/i18n.ts', import.meta.url), 'utf8');
  assert.match(source, /import\('\.\/i18n\/en\.json'\)/);
  assert.match(
    source,
    /registerI18nLoader\(PACKAGE, 'de', async \(\) => bundleOf\(await import\('\.\/i18n\/de\.json'\)\)\)/,
  );
});
