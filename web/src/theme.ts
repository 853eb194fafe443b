/**
 * The UI5 theme: by default it follows the operating system (Horizon light or dark; high contrast black or white
 * when the system asks for more contrast), and the theme switch of the user menu may pin one. The choice is the
 * one thing the UI keeps in the browser (localStorage `calm-keys.theme`, a theme name, never anything of the
 * user's data); the browser tests allow exactly that key.
 *
 * Horizon light is bundled with the components; the other three themes' parameters are separate chunks
 * (registered below, fetched only when that theme is applied), so the first load stays as small as before.
 */
import { registerThemePropertiesLoader } from '@ui5/webcomponents-base/dist/asset-registries/Themes.js';
import { setTheme } from '@ui5/webcomponents-base/dist/config/Theme.js';

export const THEMES = {
  sap_horizon: 'Morning Horizon (light)',
  sap_horizon_dark: 'Evening Horizon (dark)',
  sap_horizon_hcw: 'High Contrast White',
  sap_horizon_hcb: 'High Contrast Black',
} as const;
export type ThemeName = keyof typeof THEMES;
/** `auto` follows the operating system. */
export type ThemeChoice = ThemeName | 'auto';

export const THEME_STORAGE_KEY = 'calm-keys.theme';

type Loader = () => Promise<{ default: unknown }>;
// One loader per package and theme: vite turns each JSON import into its own chunk.
const LAZY_THEMES: Record<Exclude<ThemeName, 'sap_horizon'>, Record<string, Loader>> = {
  sap_horizon_dark: {
    '@ui5/webcomponents-theming': () =>
      import('@ui5/webcomponents-theming/dist/generated/assets/themes/sap_horizon_dark/parameters-bundle.css.json'),
    '@ui5/webcomponents': () =>
      import('@ui5/webcomponents/dist/generated/assets/themes/sap_horizon_dark/parameters-bundle.css.json'),
    '@ui5/webcomponents-fiori': () =>
      import('@ui5/webcomponents-fiori/dist/generated/assets/themes/sap_horizon_dark/parameters-bundle.css.json'),
  },
  sap_horizon_hcb: {
    '@ui5/webcomponents-theming': () =>
      import('@ui5/webcomponents-theming/dist/generated/assets/themes/sap_horizon_hcb/parameters-bundle.css.json'),
    '@ui5/webcomponents': () =>
      import('@ui5/webcomponents/dist/generated/assets/themes/sap_horizon_hcb/parameters-bundle.css.json'),
    '@ui5/webcomponents-fiori': () =>
      import('@ui5/webcomponents-fiori/dist/generated/assets/themes/sap_horizon_hcb/parameters-bundle.css.json'),
  },
  sap_horizon_hcw: {
    '@ui5/webcomponents-theming': () =>
      import('@ui5/webcomponents-theming/dist/generated/assets/themes/sap_horizon_hcw/parameters-bundle.css.json'),
    '@ui5/webcomponents': () =>
      import('@ui5/webcomponents/dist/generated/assets/themes/sap_horizon_hcw/parameters-bundle.css.json'),
    '@ui5/webcomponents-fiori': () =>
      import('@ui5/webcomponents-fiori/dist/generated/assets/themes/sap_horizon_hcw/parameters-bundle.css.json'),
  },
};

for (const [theme, packages] of Object.entries(LAZY_THEMES))
  for (const [pkg, load] of Object.entries(packages))
    // the components read their variables from the host (as UI5's own Assets.js registers them); the base package from :root
    registerThemePropertiesLoader(
      pkg,
      theme,
      async () => (await load()).default as string,
      pkg === '@ui5/webcomponents-theming' ? undefined : 'host',
    );

const dark = window.matchMedia('(prefers-color-scheme: dark)');
const moreContrast = window.matchMedia('(prefers-contrast: more)');

/** What the operating system asks for. */
export function systemTheme(): ThemeName {
  if (moreContrast.matches) return dark.matches ? 'sap_horizon_hcb' : 'sap_horizon_hcw';
  return dark.matches ? 'sap_horizon_dark' : 'sap_horizon';
}

const isThemeName = (value: string | null): value is ThemeName => value !== null && Object.hasOwn(THEMES, value);

function storage(): Storage | undefined {
  try {
    // eslint-disable-next-line no-restricted-globals -- the theme choice only: a theme name, no user data (see above)
    return localStorage;
  } catch {
    return undefined; // storage disabled: the choice lasts for this page only
  }
}

let choice: ThemeChoice = (() => {
  const stored = storage()?.getItem(THEME_STORAGE_KEY) ?? null;
  return isThemeName(stored) ? stored : 'auto';
})();

export const themeChoice = (): ThemeChoice => choice;
export const currentTheme = (): ThemeName => (choice === 'auto' ? systemTheme() : choice);

function apply(): void {
  const theme = currentTheme();
  document.documentElement.dataset.theme = theme;
  // native parts (scroll bars, the file picker) follow the theme's brightness too
  document.documentElement.style.colorScheme =
    theme === 'sap_horizon' || theme === 'sap_horizon_hcw' ? 'light' : 'dark';
  void setTheme(theme);
}

/** Pins a theme, or `auto` to follow the system again; remembered in this browser. */
export function chooseTheme(next: ThemeChoice): void {
  choice = next;
  if (next === 'auto') storage()?.removeItem(THEME_STORAGE_KEY);
  else storage()?.setItem(THEME_STORAGE_KEY, next);
  apply();
}

/** Applies the remembered or the system's theme, and follows the system while the choice is `auto`. */
export function startTheming(): void {
  const follow = () => {
    if (choice === 'auto') apply();
  };
  dark.addEventListener('change', follow);
  moreContrast.addEventListener('change', follow);
  apply();
}
