/**
 * Security: the users of calm-keys and their role collections, for the calm-keys Administrator (the session's
 * `actions.manageUsers`; the server decides every call). A toolbar with the count, a search and Create User; per
 * user: Role Collections, Reset Password, Lock or Unlock, Delete. A created user's or a reset's one-time password
 * is shown once, with Copy; the user sets their own at the first sign-in.
 */
import { answer, api, type Schemas } from '../api';
import { h, replace } from '../dom';
import { session } from '../session';
import { formatDateTime } from '../ui/format';
import { button, confirm, errorStrip, page, table, toast } from '../ui/kit';
import {
  assignmentText,
  emptyState,
  loadIllustrations,
  roleCatalogue,
  scopeChoices,
  secretOnceDialog,
} from './security-common';
import { createUserDialog } from './security-create-user';
import { rolesDialog } from './security-roles';
import { t } from '../i18n';

type User = Schemas['User'];
type Input = HTMLElement & { value: string; valueState: string };

export async function securityPage(): Promise<HTMLElement> {
  const [roles, choices] = await Promise.all([roleCatalogue(), scopeChoices(), loadIllustrations()]);
  let users: User[] = (await answer(api.GET('/access/v1/users'))).users;
  const messages = h('div', { class: 'strips', attrs: { 'aria-live': 'polite' } });
  const area = h('div');
  const count = h('ui5-title', { level: 'H2', size: 'H5', id: 'users-title' }, '');
  const search = h<Input>('ui5-input', {
    id: 'users-search',
    type: 'Search',
    placeholder: t('security.search'),
    accessibleName: t('security.searchName'),
    showClearIcon: true,
  });
  search.addEventListener('input', () => render());
  const labelOf = (name: string) => roles.find((r) => r.name === name)?.label ?? name;

  async function reload(): Promise<void> {
    users = (await answer(api.GET('/access/v1/users'))).users;
    render();
  }

  async function act(work: () => Promise<unknown>, done: string): Promise<void> {
    try {
      await work();
      replace(messages);
      toast(done);
      await reload();
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }

  function render(): void {
    const term = search.value.trim().toLowerCase();
    const shown = users.filter(
      (u) =>
        !term ||
        u.username.toLowerCase().includes(term) ||
        u.roles.some((r) => labelOf(r.role).toLowerCase().includes(term)),
    );
    count.textContent = term
      ? t('security.usersCountFiltered', shown.length, users.length)
      : t('security.usersCount', users.length);
    const list = table({
      id: 'users',
      accessibleName: t('security.users'),
      noDataText: t('security.noUsersText'),
      columns: [
        { header: t('security.colUser'), minWidth: '10rem', importance: 10 },
        { header: t('security.colStatus'), minWidth: '8rem', importance: 8 },
        { header: t('security.colRoles'), minWidth: '16rem', importance: 6 },
        { header: t('security.colCreated'), minWidth: '9rem', importance: 2 },
        { header: t('security.colActions'), minWidth: '22rem', importance: 1 },
      ],
      rows: shown.map((u) => row(u)),
    });
    list.appendChild(
      term
        ? emptyState(t('security.noMatch'), t('security.noMatchHint'), true)
        : emptyState(t('security.noUsers'), t('security.createOne')),
    );
    replace(area, list);
  }

  function row(u: User): (HTMLElement | string)[] {
    const self = u.id === session.me?.userId;
    const status = u.disabled
      ? h('ui5-tag', { design: 'Negative' }, t('security.locked'))
      : u.mustChangePassword
        ? h('ui5-tag', { design: 'Critical' }, t('security.oneTimePassword'))
        : h('ui5-tag', { design: 'Positive' }, t('security.active'));
    return [
      h(
        'div',
        { class: 'stack' },
        h('strong', {}, u.username),
        self ? h('span', { class: 'muted' }, t('security.you')) : null,
      ),
      status,
      u.roles.length
        ? h(
            'ul',
            { class: 'problems' },
            ...u.roles.map((r) => h('li', {}, assignmentText(labelOf(r.role), choices, r.scopeType, r.scopeId))),
          )
        : h('span', { class: 'muted' }, t('security.none')),
      formatDateTime(u.createdAt),
      h(
        'div',
        { class: 'row' },
        button(t('security.roleCollections'), () => void openRoles(u), {
          design: 'Transparent',
          icon: 'user-settings',
          accessibleName: t('security.rolesOf', u.username),
        }),
        self
          ? null
          : button(t('security.resetPassword'), () => void resetPassword(u), {
              design: 'Transparent',
              accessibleName: t('security.resetPasswordOf', u.username),
            }),
        self
          ? null
          : button(
              u.disabled ? t('security.unlock') : t('security.lock'),
              () => void (u.disabled ? unlock(u) : lock(u)),
              {
                design: 'Transparent',
                icon: u.disabled ? 'unlocked' : 'locked',
                accessibleName: u.disabled ? t('security.unlockUser', u.username) : t('security.lockUser', u.username),
              },
            ),
        self
          ? null
          : button(t('security.delete'), () => void remove(u), {
              design: 'Transparent',
              icon: 'delete',
              accessibleName: t('security.deleteUser', u.username),
            }),
      ),
    ];
  }

  function openRoles(u: User): void {
    rolesDialog(u, roles, choices, async () => {
      await reload();
      return users.find((x) => x.id === u.id);
    });
  }

  async function lock(u: User): Promise<void> {
    const ok = await confirm({
      title: t('security.lockTitle'),
      text: [t('security.lockText', u.username)],
      confirmText: t('security.lock'),
    });
    if (ok)
      await act(
        () => answer(api.POST('/access/v1/users/{username}/lock', { params: { path: { username: u.username } } })),
        t('security.userLocked', u.username),
      );
  }

  const unlock = (u: User) =>
    act(
      () => answer(api.POST('/access/v1/users/{username}/unlock', { params: { path: { username: u.username } } })),
      t('security.userUnlocked', u.username),
    );

  async function remove(u: User): Promise<void> {
    const ok = await confirm({
      title: t('security.deleteTitle'),
      text: [t('security.deleteText', u.username)],
      confirmText: t('security.delete'),
    });
    if (ok)
      await act(
        () => answer(api.DELETE('/access/v1/users/{username}', { params: { path: { username: u.username } } })),
        t('security.userDeleted', u.username),
      );
  }

  async function resetPassword(u: User): Promise<void> {
    // after a suspected compromise the tokens go too; by default they keep working (a reset for a forgotten password)
    const revokeTokens = h<HTMLElement & { checked: boolean }>('ui5-checkbox', {
      id: 'reset-revoke-tokens',
      text: t('security.alsoRevoke'),
    });
    const ok = await confirm({
      title: t('security.resetPassword'),
      text: [h('p', {}, t('security.resetText', u.username)), revokeTokens],
      confirmText: t('security.reset'),
    });
    if (!ok) return;
    try {
      const reset = await answer(
        api.POST('/access/v1/users/{username}/password-reset', {
          params: { path: { username: u.username } },
          body: { revokeTokens: revokeTokens.checked },
        }),
      );
      if (reset.tokensRevoked > 0) toast(t('security.tokensRevoked', reset.tokensRevoked, u.username));
      secretOnceDialog({
        title: t('security.otpOf', u.username),
        label: t('security.oneTimePassword'),
        secret: reset.oneTimePassword,
        note: t('security.oneTimeNote'),
        id: 'otp',
      });
      await reload();
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }

  render();
  const toolbar = h(
    'ui5-bar',
    { design: 'Subheader', accessibleName: t('security.toolbar') },
    h('div', { slot: 'startContent' }, count),
    h(
      'div',
      { slot: 'endContent', class: 'row' },
      search,
      button(t('security.createUser'), () => createUserDialog(roles, choices, reload), {
        icon: 'add',
        id: 'create-user',
        design: 'Emphasized',
      }),
    ),
  );
  return page(
    {
      title: t('security.title'),
      subtitle: t('security.subtitle'),
    },
    h('p', { class: 'muted' }, t('security.intro')),
    messages,
    h('section', { class: 'section', attrs: { 'aria-labelledby': 'users-title' } }, toolbar, area),
  );
}
