/**
 * The audit page names every action of the catalogue in words, in English and German (the keys
 * `auditAction.<code>` of web/src/i18n/en.json and de.json, read by web/src/pages/audit-actions.ts): an action
 * added to src/audit/catalog.ts without a name there would show as its code. Names are unique in each language,
 * so a choice is clear.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AUDIT_ACTIONS } from '../src/audit/index.js';

const PREFIX = 'auditAction.';
const names = (language: string): Record<string, string> => {
  const bundle = JSON.parse(
    readFileSync(new URL(`../web/src/i18n/${language}.json`, import.meta.url), 'utf8'),
  ) as Record<string, string>;
  return Object.fromEntries(
    Object.entries(bundle)
      .filter(([key]) => key.startsWith(PREFIX))
      .map(([key, text]) => [key.slice(PREFIX.length), text]),
  );
};

for (const language of ['en', 'de']) {
  test(`every audit action has a name on the audit page (${language}), and no two share one`, () => {
    const named = names(language);
    const missing = AUDIT_ACTIONS.filter((a) => !named[a]);
    assert.deepEqual(missing, [], `add ${PREFIX}<action> for each in web/src/i18n/${language}.json`);
    const stale = Object.keys(named).filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a));
    assert.deepEqual(stale, [], 'names of actions the catalogue no longer has');
    const texts = Object.values(named);
    assert.equal(new Set(texts).size, texts.length, 'names are unique');
  });
}

test('the audit page reads the names from the bundles, an unknown action by its code', async () => {
  // loaded by path: the web UI's modules resolve imports the bundler's way, which the server's tsc does not follow
  const MODULE = '../web/src/pages/audit-actions.ts';
  const I18N = '../web/src/i18n.ts';
  await ((await import(I18N)) as { loadTexts: () => Promise<void> }).loadTexts();
  const { actionName, auditActionNames } = (await import(MODULE)) as {
    actionName: (code: string) => string;
    auditActionNames: () => Record<string, string>;
  };
  assert.equal(actionName('lm.service_key.uploaded'), 'Service key uploaded');
  assert.equal(actionName('some.newer.action'), 'some.newer.action');
  assert.deepEqual(Object.keys(auditActionNames()).sort(), [...AUDIT_ACTIONS].sort());
});
