/**
 * The frame around every page once signed in: the Fiori shell bar (product, current tenant, user menu with
 * the theme, the language and sign-out) and the side navigation, which shows only the areas the person holds a role for
 * (`areas.ts`: BTP cockpit, Landscape Management, Audit log for administrators).
 */
import { usableAreas, type Area } from './areas';
import { h, replace } from './dom';
import type { NavKey } from './router';
import { ROLE_LABELS, session } from './session';
import { chooseLanguage, languageChoice, LANGUAGES, t, type LanguageChoice, type TextKey } from './i18n';
import { chooseTheme, themeChoice, THEMES, type ThemeChoice, type ThemeName } from './theme';
import { button } from './ui/kit';
import { accountMenuEntries } from './pages/account-menu';
import { faultsBanner } from './ui/faults-banner';

type NavLayout = HTMLElement & { mode: string; isSideCollapsed(): boolean };
type Popover = HTMLElement & { open: boolean; opener: HTMLElement | string };
type NavItem = HTMLElement & { selected: boolean };

const THEME_TEXTS: Record<ThemeName, TextKey> = {
  sap_horizon: 'shell.themeLight',
  sap_horizon_dark: 'shell.themeDark',
  sap_horizon_hcw: 'shell.themeHcw',
  sap_horizon_hcb: 'shell.themeHcb',
};

export interface Shell {
  readonly element: HTMLElement;
  show(content: HTMLElement, nav: NavKey): void;
  refresh(): void;
}

export function createShell(options: { onSignOut: () => void }): Shell {
  const tenantTag = h('ui5-tag', {
    id: 'shell-tenant',
    design: 'Information',
    hideStateIcon: true,
    slot: 'content',
    attrs: { 'data-hide-order': 1 },
  });
  // not interactive: the shell bar wraps it in its own profile button (an interactive avatar in there is a
  // button in a button, axe's nested-interactive); that button is named by accessibilityAttributes.profile
  const avatar = h('ui5-avatar', { slot: 'profile', size: 'XS', colorScheme: 'Accent6' });
  const menuButton = h('ui5-button', {
    slot: 'startButton',
    icon: 'menu2',
    accessibleName: t('shell.navToggle'),
    tooltip: t('shell.navToggleTooltip'),
  });
  const shellbar = h(
    'ui5-shellbar',
    {
      slot: 'header',
      primaryTitle: 'calm-keys',
      secondaryTitle: t('shell.secondaryTitle'),
      // the logo area's name must contain its visible title (axe's label-content-name-mismatch)
      accessibilityAttributes: {
        logo: { name: 'calm-keys' },
        profile: { name: t('shell.userMenu'), hasPopup: 'dialog' },
      },
    },
    menuButton,
    tenantTag,
    avatar,
  );

  const items: Record<Area, NavItem> = {
    btp: h<NavItem>('ui5-side-navigation-item', { text: t('shell.navBtp'), icon: 'cloud', href: '#/btp' }),
    lm: h<NavItem>('ui5-side-navigation-item', { text: t('shell.navLm'), icon: 'it-system', href: '#/lm' }),
    audit: h<NavItem>('ui5-side-navigation-item', { text: t('shell.navAudit'), icon: 'history', href: '#/audit' }),
    security: h<NavItem>('ui5-side-navigation-item', {
      text: t('shell.navSecurity'),
      icon: 'shield',
      href: '#/security',
    }),
    faults: h<NavItem>('ui5-side-navigation-item', {
      text: t('shell.navFaults'),
      icon: 'disconnected',
      href: '#/faults',
    }),
  };
  const sideNav = h('ui5-side-navigation', { slot: 'sideContent', accessibleName: t('shell.mainNavigation') });
  const content = h('div', { id: 'content' });
  // above every page while an injected fault is active (fault injection, issue 18)
  const layout = h<NavLayout>('ui5-navigation-layout', {}, shellbar, sideNav, faultsBanner(), content);

  menuButton.addEventListener('click', () => {
    layout.mode = layout.isSideCollapsed() ? 'Expanded' : 'Collapsed';
  });
  // a window that becomes narrow hides the navigation (the menu button shows it); a wide one shows it again
  const narrow = window.matchMedia('(max-width: 599px)');
  narrow.addEventListener('change', () => (layout.mode = narrow.matches ? 'Collapsed' : 'Auto'));

  const userName = h('div', { class: 'page-title' });
  const userRoles = h('ul', { class: 'problems' });
  const userTenant = h('div', { class: 'muted' });
  const themeSelect = h<HTMLElement & { value: string }>(
    'ui5-select',
    {
      id: 'theme-select',
      accessibleName: t('shell.theme'),
      on: { change: () => chooseTheme(themeSelect.value as ThemeChoice) },
    },
    h('ui5-option', { value: 'auto' }, t('shell.themeAuto')),
    ...Object.keys(THEMES).map((value) => h('ui5-option', { value }, t(THEME_TEXTS[value as ThemeName]))),
  );
  // English or German (i18n.ts): the page reloads in the chosen language
  const languageSelect = h<HTMLElement & { value: string }>(
    'ui5-select',
    {
      id: 'language-select',
      accessibleName: t('shell.language'),
      on: { change: () => chooseLanguage(languageSelect.value as LanguageChoice) },
    },
    h('ui5-option', { value: 'auto' }, t('shell.languageAuto')),
    // each language named in itself, as SAP's language lists do
    ...Object.entries(LANGUAGES).map(([value, text]) => h('ui5-option', { value, attrs: { lang: value } }, text)),
  );
  const signOut = button(t('shell.signOut'), () => options.onSignOut(), {
    design: 'Emphasized',
    icon: 'log',
    id: 'sign-out',
  });
  const popover = h<Popover>(
    'ui5-popover',
    { headerText: t('shell.signedIn'), placement: 'Bottom', accessibleName: t('shell.userMenu') },
    h(
      'div',
      { class: 'stack user-menu' },
      userName,
      userTenant,
      h('div', { class: 'muted' }, t('shell.roles')),
      userRoles,
      h('ui5-label', { for: 'theme-select', showColon: true }, t('shell.theme')),
      themeSelect,
      h('ui5-label', { for: 'language-select', showColon: true }, t('shell.language')),
      languageSelect,
      ...accountMenuEntries(() => (popover.open = false)),
      signOut,
    ),
  );
  shellbar.addEventListener('profile-click', (event) => {
    const target = (event as CustomEvent<{ targetRef: HTMLElement }>).detail.targetRef;
    popover.opener = target;
    themeSelect.value = themeChoice();
    languageSelect.value = languageChoice();
    popover.open = !popover.open;
  });

  const element = h('div', { class: 'shell' }, layout, popover);

  function refresh(): void {
    const me = session.me;
    const initials = (me?.username ?? '?').slice(0, 2).toUpperCase();
    // the avatar shows the initials; its name (an image's, inside the shell bar's profile button, which takes its
    // name from it) says what the button opens and whose it is
    Object.assign(avatar, { initials, accessibleName: me ? t('shell.userMenuOf', me.username) : t('shell.userMenu') });
    const tenant = session.tenant;
    tenantTag.textContent = tenant ? t('shell.tenant', tenant.name) : t('shell.noTenant');
    tenantTag.hidden = false;
    userName.textContent = me?.username ?? '';
    userTenant.textContent = tenant ? t('shell.currentTenant', tenant.name) : t('shell.noLmTenant');
    const labels = [...new Set((me?.roles ?? []).map((r) => ROLE_LABELS[r.role] ?? r.role))].sort();
    replace(userRoles, ...(labels.length ? labels.map((l) => h('li', {}, l)) : [h('li', {}, t('shell.noRoles'))]));
    // only the areas this person can use: the audit log only when the server says they may read it
    const usable = usableAreas();
    replace(sideNav, ...usable.map((area) => items[area]));
  }
  session.onChange(refresh);
  refresh();

  return {
    element,
    refresh,
    show(page: HTMLElement, nav: NavKey) {
      popover.open = false;
      for (const [key, item] of Object.entries(items)) item.selected = key === nav;
      replace(content, page);
      if (narrow.matches) layout.mode = 'Collapsed';
    },
  };
}
