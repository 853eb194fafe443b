/**
 * The theme (web/src/theme.ts): it follows the operating system (prefers-color-scheme: Horizon light or dark;
 * prefers-contrast: more, high contrast black or white), also while the page is open, and the switch in the user
 * menu pins one, kept across a reload in localStorage under calm-keys.theme (the only key the UI may store:
 * assertNoStorage) until "As the system" is chosen again. The colours really change: UI5's theme parameters
 * are loaded (the page background of each theme differs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../support/server.js';
import { ADMIN_PASSWORD } from '../support/landscape.js';
import { assertNoStorage, launch, openPage, signInWithKeyboard } from './browser.js';
import type { Page } from 'playwright-core';

/**
 * Waits until `theme` is applied: our marker on <html> and UI5's own (the sheet of the theme's parameters it
 * adopts carries the theme's name, which happens once the theme's chunk has loaded), then returns the page's
 * background colour, which comes from those parameters.
 */
async function themeIs(page: Page, theme: string): Promise<string> {
  await page.locator(`html[data-theme="${theme}"]`).waitFor({ state: 'attached' });
  const applied = `document.adoptedStyleSheets.some((sheet) => sheet._ui5Theme === ${JSON.stringify(theme)})`;
  for (let waited = 0; !(await page.evaluate(applied)); waited += 50) {
    assert.ok(waited < 5_000, `UI5 did not apply ${theme}`);
    await page.waitForTimeout(50);
  }
  return (await page.evaluate('getComputedStyle(document.body).backgroundColor')) as string;
}

test('browser: the theme follows the OS, the user menu switches and remembers it', async () => {
  const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  const browser = await launch();
  try {
    const { page, console } = await openPage(browser, t.server.url);
    await page.emulateMedia({ colorScheme: 'light', contrast: 'no-preference' });
    await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();
    const light = await themeIs(page, 'sap_horizon');

    // the system turns dark while the page is open, then asks for more contrast
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await themeIs(page, 'sap_horizon_dark');
    assert.notEqual(dark, light, 'the dark theme has another page background');
    await page.emulateMedia({ colorScheme: 'dark', contrast: 'more' });
    await themeIs(page, 'sap_horizon_hcb');
    await page.emulateMedia({ colorScheme: 'light', contrast: 'more' });
    await themeIs(page, 'sap_horizon_hcw');
    await page.emulateMedia({ colorScheme: 'light', contrast: 'no-preference' });
    await themeIs(page, 'sap_horizon');
    await assertNoStorage(page);
    assert.equal(
      await page.evaluate("localStorage.getItem('calm-keys.theme')"),
      null,
      'following the OS stores nothing',
    );

    // the switch in the user menu pins a theme, which outlives a reload and a change of the system's
    await page.locator('[slot=profile]').click();
    await page.locator('#theme-select').click();
    await page.getByRole('option', { name: 'Evening Horizon (dark)' }).click();
    const pinned = await themeIs(page, 'sap_horizon_dark');
    assert.equal(pinned, dark);
    assert.equal(await page.evaluate("localStorage.getItem('calm-keys.theme')"), 'sap_horizon_dark');
    await assertNoStorage(page);
    await page.reload();
    await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();
    await page.emulateMedia({ colorScheme: 'light', contrast: 'more' });
    await themeIs(page, 'sap_horizon_dark');

    // "As the system" follows the OS again and forgets the choice
    await page.locator('[slot=profile]').click();
    await page.locator('#theme-select').click();
    await page.getByRole('option', { name: /As the system/ }).click();
    await themeIs(page, 'sap_horizon_hcw');
    assert.equal(await page.evaluate("localStorage.getItem('calm-keys.theme')"), null);
    console.assertClean();
  } finally {
    await browser.close();
    await t.close();
  }
});
