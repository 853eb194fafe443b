/**
 * The frame around every page once signed in: the Fiori shell bar (product, current tenant, user menu with
 * the theme and sign-out) and the side navigation, which shows only the areas the person holds a role for
 * (`areas.ts`: BTP cockpit, Landscape Management, Audit log for administrators).
 */
import { usableAreas, type Area } from './areas';
import { h, replace } from './dom';
import type { NavKey } from './router';
import { ROLE_LABELS, session } from './session';
import { chooseTheme, themeChoice, THEMES, type ThemeChoice } from './theme';
import { button } from './ui/kit';
import { accountMenuEntries } from './pages/account-menu';
import { faultsBanner } from './ui/faults-banner';

type NavLayout = HTMLElement & { mode: string; isSideCollapsed(): boolean };
type Popover = HTMLElement & { open: boolean; opener: HTMLElement | string };
type NavItem = HTMLElement & { selected: boolean };

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
    accessibleName: 'Show or hide the navigation',
    tooltip: 'Navigation',
  });
  const shellbar = h(
    'ui5-shellbar',
    {
      slot: 'header',
      primaryTitle: 'calm-keys',
      secondaryTitle: 'SAP Cloud ALM service keys',
      // the logo area's name must contain its visible title (axe's label-content-name-mismatch)
      accessibilityAttributes: { logo: { name: 'calm-keys' }, profile: { name: 'User menu', hasPopup: 'dialog' } },
    },
    menuButton,
    tenantTag,
    avatar,
  );

  const items: Record<Area, NavItem> = {
    btp: h<NavItem>('ui5-side-navigation-item', { text: 'BTP Cockpit', icon: 'cloud', href: '#/btp' }),
    lm: h<NavItem>('ui5-side-navigation-item', { text: 'Landscape Management', icon: 'it-system', href: '#/lm' }),
    audit: h<NavItem>('ui5-side-navigation-item', { text: 'Audit Log', icon: 'history', href: '#/audit' }),
    security: h<NavItem>('ui5-side-navigation-item', { text: 'Security', icon: 'shield', href: '#/security' }),
    faults: h<NavItem>('ui5-side-navigation-item', { text: 'Fault Injection', icon: 'disconnected', href: '#/faults' }),
  };
  const sideNav = h('ui5-side-navigation', { slot: 'sideContent', accessibleName: 'Main navigation' });
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
      accessibleName: 'Theme',
      on: { change: () => chooseTheme(themeSelect.value as ThemeChoice) },
    },
    h('ui5-option', { value: 'auto' }, 'As the system (light, dark or high contrast)'),
    ...Object.entries(THEMES).map(([value, text]) => h('ui5-option', { value }, text)),
  );
  const signOut = button('Sign Out', () => options.onSignOut(), { design: 'Emphasized', icon: 'log', id: 'sign-out' });
  const popover = h<Popover>(
    'ui5-popover',
    { headerText: 'Signed in', placement: 'Bottom', accessibleName: 'User menu' },
    h(
      'div',
      { class: 'stack user-menu' },
      userName,
      userTenant,
      h('div', { class: 'muted' }, 'Roles'),
      userRoles,
      h('ui5-label', { for: 'theme-select', showColon: true }, 'Theme'),
      themeSelect,
      ...accountMenuEntries(() => (popover.open = false)),
      signOut,
    ),
  );
  shellbar.addEventListener('profile-click', (event) => {
    const target = (event as CustomEvent<{ targetRef: HTMLElement }>).detail.targetRef;
    popover.opener = target;
    themeSelect.value = themeChoice();
    popover.open = !popover.open;
  });

  const element = h('div', { class: 'shell' }, layout, popover);

  function refresh(): void {
    const me = session.me;
    const initials = (me?.username ?? '?').slice(0, 2).toUpperCase();
    // the avatar shows the initials; its name (an image's, inside the shell bar's profile button, which takes its
    // name from it) says what the button opens and whose it is
    Object.assign(avatar, { initials, accessibleName: me ? `User menu of ${me.username}` : 'User menu' });
    const tenant = session.tenant;
    tenantTag.textContent = tenant ? `Tenant: ${tenant.name}` : 'No tenant selected';
    tenantTag.hidden = false;
    userName.textContent = me?.username ?? '';
    userTenant.textContent = tenant ? `Current tenant: ${tenant.name}` : 'No Landscape Management tenant selected';
    const labels = [...new Set((me?.roles ?? []).map((r) => ROLE_LABELS[r.role] ?? r.role))].sort();
    replace(userRoles, ...(labels.length ? labels.map((l) => h('li', {}, l)) : [h('li', {}, 'none')]));
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
