/**
 * English and German through UI5's i18n (issue 19, web/src/i18n.ts). A German browser (de-DE, Europe/Berlin)
 * reads the sign-in page, the shell, the audit log (its actions, its date-range picker with UI5's German texts
 * and German CLDR formats), Security, Fault Injection and the No authorization page in German; no text of the page
 * is a raw key of the bundles; axe finds nothing serious or critical; the console stays clean (UI5 warns there
 * about a key the German bundle lacks). `?sap-ui-language=en` and the user menu's Language give English, and
 * *Browser default* German again. An English browser fetches none of the German chunks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { signIn, startTestServer } from '../support/server.js';
import { ADMIN_PASSWORD, USER_PASSWORD, userWithRoles } from '../support/landscape.js';
import { allText, assertNoSeriousA11yViolations, launch, openPage, settled, signInWithKeyboard } from './browser.js';

const en = JSON.parse(readFileSync(new URL('../../web/src/i18n/en.json', import.meta.url), 'utf8')) as Record<
  string,
  string
>;
const KEYS = Object.keys(en);

/** A German browser's page, its console's warnings and errors collected. */
async function germanPage(browser: Browser, baseURL: string) {
  const context = await browser.newContext({
    baseURL,
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 800 },
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return { context, page, problems };
}

/** No key of the bundles is on the page (a text shown by its key). */
async function assertNoRawKeys(page: Page, label: string): Promise<void> {
  const text = await allText(page);
  const raw = KEYS.filter((key) => text.includes(key));
  assert.deepEqual(raw, [], `raw text keys on ${label}`);
}

/** Every title, aria-label and accessible-name in an element's shadow tree (a string: it runs in the page). */
const NAMES_IN_SHADOW = `(el) => {
  const out = [];
  const walk = (root) => {
    for (const node of root.querySelectorAll('*')) {
      for (const a of ['title', 'aria-label', 'accessible-name']) if (node.getAttribute(a)) out.push(node.getAttribute(a));
      if (node.accessibleName) out.push(String(node.accessibleName));
      if (node.shadowRoot) walk(node.shadowRoot);
    }
  };
  if (el.shadowRoot) walk(el.shadowRoot);
  return out;
}`;

const heading = (page: Page, name: string) => page.getByRole('heading', { name, exact: true }).first().waitFor();

test('browser: a German browser reads the UI in German, sap-ui-language=en and the menu give English', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  const browser = await launch();
  try {
    const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
    await userWithRoles(t, cookie, 'nobody', []);
    const { context, page, problems } = await germanPage(browser, t.server.url);

    // the sign-in page
    await page.goto('/');
    await heading(page, 'Anmelden');
    assert.equal(await page.evaluate('document.documentElement.lang'), 'de');
    await page.getByText('Benutzername', { exact: true }).waitFor();
    await page.locator('#sign-in', { hasText: 'Anmelden' }).waitFor();
    await assertNoRawKeys(page, 'the sign-in page');
    await assertNoSeriousA11yViolations(page, 'the German sign-in page');
    // a wrong password is said in German
    await signInWithKeyboard(page, 'admin', 'not-the-password');
    await page.getByText('Benutzername oder Kennwort ist falsch.').waitFor();
    problems.splice(0, problems.length, ...problems.filter((p) => !/status of 401/.test(p)));

    // the shell and the audit log
    await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
    await page.locator('#content h1').waitFor();
    const nav = await page
      .locator('ui5-side-navigation-item')
      .evaluateAll((items) => items.map((i) => i.getAttribute('text') ?? (i as unknown as { text: string }).text));
    for (const item of ['Prüfprotokoll', 'Sicherheit', 'Fehlerinjektion'])
      assert.ok(nav.includes(item), `side navigation has ${item}: ${nav.join(', ')}`);

    await page.goto('/#/audit?from=2026-12-01&to=2026-12-03');
    await heading(page, 'Prüfprotokoll');
    await page.getByText('Als CSV exportieren').waitFor();
    assert.equal(await page.title(), 'Prüfprotokoll · calm-keys');
    // the date range in UI5's German format (German CLDR data): 01.12.2026 - 03.12.2026
    const shown = await page.locator('#filter-dates input').inputValue();
    assert.match(shown, /^0?1\.12\.(20)?26 - 0?3\.12\.(20)?26$/, `the range in German: ${shown}`);
    // UI5's own texts of the picker in German (@ui5/webcomponents' German bundle): its icon is "Auswahl öffnen"
    const names = (await page.evaluate(`(${NAMES_IN_SHADOW})(document.querySelector('#filter-dates'))`)) as string[];
    assert.ok(names.includes('Auswahl öffnen'), `the picker's icon is named in German: ${names.join(' | ')}`);
    // the calendar's months by the German CLDR data
    await page.locator('#filter-dates input').press('F4');
    await page.getByText('Dezember', { exact: false }).first().waitFor();
    await page.keyboard.press('Escape');
    // actions in German words; a day with events
    await page.goto('/#/audit');
    await heading(page, 'Prüfprotokoll');
    await page.locator('#audit-table ui5-table-row', { hasText: 'Angemeldet' }).first().waitFor();
    assert.match((await page.locator('#audit-table time').first().textContent()) ?? '', /^\d{2}\.\d{2}\.\d{4}, /);
    await assertNoRawKeys(page, 'the audit log');
    await assertNoSeriousA11yViolations(page, 'the German audit log');

    // Security and Fault Injection
    await page.goto('/#/security');
    await settled(page, 'Sicherheit');
    await page.locator('#create-user', { hasText: 'Benutzer anlegen' }).waitFor();
    await page.locator('#create-user').click();
    await page.getByRole('dialog', { name: 'Benutzer anlegen' }).waitFor();
    await assertNoRawKeys(page, 'Create User');
    await assertNoSeriousA11yViolations(page, 'the German Create User dialog');
    await page.keyboard.press('Escape');
    await page.goto('/#/faults');
    await settled(page, 'Fehlerinjektion');
    await page.getByText('Kein Fehler aktiv', { exact: false }).first().waitFor();
    await assertNoRawKeys(page, 'Fault Injection');

    // the user menu: Language, in German
    await page.locator('[slot=profile]').first().click();
    await page.locator('#language-select').waitFor({ state: 'visible' });
    await page.getByText('Sprache', { exact: true }).waitFor();
    await assertNoSeriousA11yViolations(page, 'the German user menu');
    // choosing English reloads the page in English and keeps the choice
    await page.locator('#language-select').click();
    await page.getByRole('option', { name: 'English' }).click();
    await heading(page, 'Fault Injection');
    assert.equal(await page.evaluate("localStorage.getItem('calm-keys.language')"), 'en');
    assert.equal(await page.evaluate('document.documentElement.lang'), 'en');
    // and Browser default is German again
    await page.locator('[slot=profile]').first().click();
    await page.locator('#language-select').click();
    await page.getByRole('option', { name: 'Browser default' }).click();
    await heading(page, 'Fehlerinjektion');
    assert.equal(await page.evaluate("localStorage.getItem('calm-keys.language')"), null);

    // sap-ui-language=en on the German browser: English, with English dates
    await page.goto('/?sap-ui-language=en#/audit');
    await heading(page, 'Audit Log');
    await page.locator('#audit-table ui5-table-row', { hasText: 'Signed in' }).first().waitFor();
    assert.doesNotMatch((await page.locator('#audit-table time').first().textContent()) ?? '', /^\d{2}\.\d{2}\./);
    assert.deepEqual(problems, [], 'the browser console has errors or warnings');
    await context.close();

    // someone with no role: the No authorization page in German, naming the role collections by SAP's names
    const other = await germanPage(browser, t.server.url);
    await signInWithKeyboard(other.page, 'nobody', USER_PASSWORD);
    await heading(other.page, 'Keine Berechtigung');
    await other.page.getByText('Bitten Sie Ihren Administrator', { exact: false }).first().waitFor();
    await assertNoRawKeys(other.page, 'No authorization');
    await assertNoSeriousA11yViolations(other.page, 'the German No authorization page');
    await other.context.close();
  } finally {
    await browser.close();
    await t.close();
  }
});

test('browser: an English browser fetches no German chunk (texts, UI5 texts, CLDR data load only for German)', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  const browser = await launch();
  try {
    const { page, console } = await openPage(browser, t.server.url);
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await page.goto('/');
    await heading(page, 'Sign in');
    assert.equal(await page.evaluate('document.documentElement.lang'), 'en');
    await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
    await page.locator('#content h1').waitFor();
    await page.goto('/#/audit?from=2026-12-01&to=2026-12-03');
    await heading(page, 'Audit Log');
    assert.equal(await page.locator('#filter-dates input').inputValue(), 'Dec 1, 2026 - Dec 3, 2026');
    const german = fetched.filter((path) => /\/assets\/(de|messagebundle_de)-[\w-]+\.js$/.test(path));
    assert.deepEqual(german, [], 'no German chunk for an English browser');
    // two chunks named en: our English texts and UI5's English CLDR data
    const english = fetched.filter((path) => /\/assets\/en-[\w-]+\.js$/.test(path));
    assert.equal(new Set(english).size, 2, `the English texts and CLDR data are chunks: ${english.join(', ')}`);
    console.assertClean();
  } finally {
    await browser.close();
    await t.close();
  }
});
