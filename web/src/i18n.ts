/**
 * The UI's texts in English and German through UI5's own i18n mechanism (as SAP's apps do): our bundles are
 * registered with `registerI18nLoader` under the package name `calm-keys` and read with `getI18nBundle` /
 * `I18nBundle.getText`, so UI5's language configuration (`sap-ui-language` URL parameter, else the browser's
 * language) decides for our texts and UI5's own component texts alike.
 *
 * - English (`i18n/en.json`) is the default and the fallback: it is in the first load and is every text's
 *   default, so a key missing in German shows the English text (UI5 warns in the console, never silently a key).
 * - German (`i18n/de.json`, UI5's component texts in German and the German CLDR data) is a chunk of its own,
 *   fetched only when the language is German.
 * - A page writes `t('page.key')` or `t('page.key', value)` for `{0}`. Call `t` when rendering, never at a
 *   module's top level (that runs before the language is known): make a table of texts a function.
 * - The user menu's *Language* pins English or German (`chooseLanguage`), kept in this browser's localStorage
 *   under `calm-keys.language` (`en` or `de`, nothing about the person), as the theme is; the page reloads in it.
 *   The `sap-ui-language` URL parameter wins over that choice (SAP's own way to ask for a language).
 */
import { registerI18nLoader } from '@ui5/webcomponents-base/dist/asset-registries/i18n.js';
import { getI18nBundle } from '@ui5/webcomponents-base/dist/i18nBundle.js';
import type I18nBundle from '@ui5/webcomponents-base/dist/i18nBundle.js';
import { getLanguage, setLanguage } from '@ui5/webcomponents-base/dist/config/Language.js';
import getLocale from '@ui5/webcomponents-base/dist/locale/getLocale.js';
import type enTexts from './i18n/en.json';

/** A text's key: exactly the keys of the English bundle (a typo is a type error). */
export type TextKey = keyof typeof enTexts;
type Bundle = Record<string, string>;
type TextParam = string | number;

/** The languages the UI is written in; anything else reads English. */
export const LANGUAGES = { en: 'English', de: 'Deutsch' } as const;
export type Language = keyof typeof LANGUAGES;
/** The menu's choice: a language, or `auto` for the browser's. */
export type LanguageChoice = Language | 'auto';

const PACKAGE = 'calm-keys';
export const LANGUAGE_STORAGE_KEY = 'calm-keys.language';

const bundleOf = (data: { default: unknown }) => data.default as Bundle;
registerI18nLoader(PACKAGE, 'de', async () => bundleOf(await import('./i18n/de.json')));
// UI5's own texts (a date picker's "Today", a dialog's "Close", an illustration's title), German only when German
registerI18nLoader('@ui5/webcomponents', 'de', async () =>
  bundleOf(await import('@ui5/webcomponents/dist/generated/assets/i18n/messagebundle_de.json')),
);
registerI18nLoader('@ui5/webcomponents-fiori', 'de', async () =>
  bundleOf(await import('@ui5/webcomponents-fiori/dist/generated/assets/i18n/messagebundle_de.json')),
);
registerI18nLoader('@ui5/webcomponents-icons', 'de', async () =>
  bundleOf(await import('@ui5/webcomponents-icons/dist/generated/assets/i18n/messagebundle_de.json')),
);
registerI18nLoader('@ui5/webcomponents-base', 'de', async () =>
  bundleOf(await import('@ui5/webcomponents-base/dist/generated/assets/i18n/messagebundle_de.json')),
);

// English is fetched as a chunk of its own too, from the moment this module runs (beside the session's request):
// it is no part of what loads before the code runs (test/web-ui-compression.test.ts), however many texts pages add
const englishLoad = import('./i18n/en.json').then((m) => m.default as unknown as Bundle);
let en: Bundle = {};
let bundle: I18nBundle | undefined;
let warnedEarly = false;

function storage(): Storage | undefined {
  try {
    // eslint-disable-next-line no-restricted-globals -- the language choice only: `en` or `de`, no user data
    return localStorage;
  } catch {
    return undefined; // storage disabled: the browser's language
  }
}

const isLanguage = (value: string | null | undefined): value is Language =>
  value !== null && value !== undefined && Object.hasOwn(LANGUAGES, value);

/** The language asked for in the URL (`?sap-ui-language=de`), which wins over the menu's choice. */
const urlLanguage = (): string | undefined =>
  new URLSearchParams(window.location.search).get('sap-ui-language') ?? undefined;

/** What the user menu shows as chosen. */
export function languageChoice(): LanguageChoice {
  const stored = storage()?.getItem(LANGUAGE_STORAGE_KEY);
  return isLanguage(stored) ? stored : 'auto';
}

/** The language the UI is shown in: UI5's (the URL parameter, the menu's choice, else the browser's). */
export function currentLanguage(): Language {
  const language = getLocale().getLanguage();
  return isLanguage(language) ? language : 'en';
}

/**
 * The locale for `Intl` formats (dates, numbers): the browser's own when it is of the UI's language (de-AT,
 * en-GB keep their ways), else the UI's language.
 */
export function intlLocale(): string {
  const browser = typeof navigator === 'undefined' ? undefined : (navigator.languages?.[0] ?? navigator.language);
  const language = currentLanguage();
  return browser && browser.toLowerCase().split('-')[0] === language ? browser : language;
}

/**
 * Loads the texts of the current language; `main.ts` awaits it before the first page is drawn. A choice from the
 * user menu is applied first, unless the URL asks for a language.
 */
export async function loadTexts(): Promise<void> {
  const choice = languageChoice();
  const asked = choice !== 'auto' && !urlLanguage() ? choice : currentLanguage();
  // UI5 is told exactly `en` or `de` (not the browser's en-GB or de-AT, whose CLDR data is not bundled: UI5 would
  // warn and fall back); our own dates keep the browser's regional format (intlLocale)
  if (getLanguage() !== asked) await setLanguage(asked);
  [en, bundle] = await Promise.all([englishLoad, getI18nBundle(PACKAGE)]);
  if (typeof document !== 'undefined') document.documentElement.lang = currentLanguage();
}

/**
 * A text in the current language, `{0}`, `{1}`... replaced by `params` (UI5's message format: a literal
 * apostrophe is written `''` or, better, as the typographic `’`). English when the German bundle lacks it.
 */
export function t(key: TextKey, ...params: TextParam[]): string {
  if (!bundle && !warnedEarly && typeof document !== 'undefined') {
    warnedEarly = true;
    // eslint-disable-next-line no-console -- a programming error the browser tests' clean console catches
    console.error(`i18n: t('${key}') before loadTexts(); call t() when rendering, not at a module's top level`);
  }
  // before loadTexts (a programming error, logged above) there is no text yet: the key, never silently
  const defaultText = en[key] ?? key;
  return bundle ? bundle.getText({ key, defaultText }, ...params) : defaultText;
}

/** Whether a key built at run time (`auditAction.${code}`) names a text. */
export const hasText = (key: string): key is TextKey => Object.hasOwn(en, key);

/** Every key (e.g. to list the texts of a family: `auditAction.`). */
export const textKeys = (): TextKey[] => Object.keys(en) as TextKey[];

/** `one` when n is 1, else `other`, with n as `{0}` (English and German both have these two forms). */
export function plural(n: number, one: TextKey, other: TextKey, ...params: TextParam[]): string {
  return t(n === 1 ? one : other, n, ...params);
}

/**
 * The user menu's *Language*: pins a language (`auto`: the browser's again), kept in this browser, and reloads the
 * page in it (our texts are drawn once per page; the session is a cookie and survives). A `sap-ui-language` in the
 * address is dropped, since the person has just chosen.
 */
export function chooseLanguage(next: LanguageChoice): void {
  if (next === 'auto') storage()?.removeItem(LANGUAGE_STORAGE_KEY);
  else storage()?.setItem(LANGUAGE_STORAGE_KEY, next);
  const url = new URL(window.location.href);
  url.searchParams.delete('sap-ui-language');
  if (url.href === window.location.href) window.location.reload();
  else window.location.replace(url.href);
}
