/**
 * UI5 formats numbers and dates with CLDR data; by default it would fetch English data from a CDN (which the
 * page's Content-Security-Policy forbids). The UI is English: its data is bundled and loaded from this origin.
 */
import { registerLocaleDataLoader } from '@ui5/webcomponents-base/dist/asset-registries/LocaleData.js';

type CldrData = Awaited<ReturnType<Parameters<typeof registerLocaleDataLoader>[1]>>;

registerLocaleDataLoader(
  'en',
  async () =>
    (await import('@ui5/webcomponents-localization/dist/generated/assets/cldr/en.json')).default as unknown as CldrData,
);
