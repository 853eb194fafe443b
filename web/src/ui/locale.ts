/**
 * UI5 formats numbers and dates with CLDR data; by default it would fetch it from a CDN (which the page's
 * Content-Security-Policy forbids). Both languages of the UI have theirs from this origin: English in the first
 * load's reach, German a chunk of its own, fetched only when the language is German (i18n.ts), so the date-range
 * picker and UI5's formats read German then.
 */
import { registerLocaleDataLoader } from '@ui5/webcomponents-base/dist/asset-registries/LocaleData.js';

type CldrData = Awaited<ReturnType<Parameters<typeof registerLocaleDataLoader>[1]>>;

registerLocaleDataLoader(
  'en',
  async () =>
    (await import('@ui5/webcomponents-localization/dist/generated/assets/cldr/en.json')).default as unknown as CldrData,
);
registerLocaleDataLoader(
  'de',
  async () =>
    (await import('@ui5/webcomponents-localization/dist/generated/assets/cldr/de.json')).default as unknown as CldrData,
);
