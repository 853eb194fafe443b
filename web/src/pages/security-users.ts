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

type User = Schemas['User'];
type Input = HTMLElement & { value: string; valueState: string };

const ONE_TIME_NOTE =
  'Hand this one-time password over now: it is shown only once. At the first sign-in the user sets their own.';

export async function securityPage(): Promise<HTMLElement> {
  const [roles, choices] = await Promise.all([roleCatalogue(), scopeChoices(), loadIllustrations()]);
  let users: User[] = (await answer(api.GET('/access/v1/users'))).users;
  const messages = h('div', { class: 'strips', attrs: { 'aria-live': 'polite' } });
  const area = h('div');
  const count = h('ui5-title', { level: 'H2', size: 'H5', id: 'users-title' }, '');
  const search = h<Input>('ui5-input', {
    id: 'users-search',
    type: 'Search',
    placeholder: 'Search',
    accessibleName: 'Search users by name or role collection',
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
    count.textContent = term ? `Users (${shown.length} of ${users.length})` : `Users (${users.length})`;
    const list = table({
      id: 'users',
      accessibleName: 'Users',
      noDataText: 'No users.',
      columns: [
        { header: 'User', minWidth: '10rem', importance: 10 },
        { header: 'Status', minWidth: '8rem', importance: 8 },
        { header: 'Role Collections', minWidth: '16rem', importance: 6 },
        { header: 'Created', minWidth: '9rem', importance: 2 },
        { header: 'Actions', minWidth: '22rem', importance: 1 },
      ],
      rows: shown.map((u) => row(u)),
    });
    list.appendChild(
      term
        ? emptyState('No matching users', 'Try another name or role collection.', true)
        : emptyState('No users', 'Create one.'),
    );
    replace(area, list);
  }

  function row(u: User): (HTMLElement | string)[] {
    const self = u.id === session.me?.userId;
    const status = u.disabled
      ? h('ui5-tag', { design: 'Negative' }, 'Locked')
      : u.mustChangePassword
        ? h('ui5-tag', { design: 'Critical' }, 'One-time password')
        : h('ui5-tag', { design: 'Positive' }, 'Active');
    return [
      h('div', { class: 'stack' }, h('strong', {}, u.username), self ? h('span', { class: 'muted' }, 'You') : null),
      status,
      u.roles.length
        ? h(
            'ul',
            { class: 'problems' },
            ...u.roles.map((r) => h('li', {}, assignmentText(labelOf(r.role), choices, r.scopeType, r.scopeId))),
          )
        : h('span', { class: 'muted' }, 'None'),
      formatDateTime(u.createdAt),
      h(
        'div',
        { class: 'row' },
        button('Role Collections', () => void openRoles(u), {
          design: 'Transparent',
          icon: 'user-settings',
          accessibleName: `Role collections of ${u.username}`,
        }),
        self
          ? null
          : button('Reset Password', () => void resetPassword(u), {
              design: 'Transparent',
              accessibleName: `Reset Password of ${u.username}`,
            }),
        self
          ? null
          : button(u.disabled ? 'Unlock' : 'Lock', () => void (u.disabled ? unlock(u) : lock(u)), {
              design: 'Transparent',
              icon: u.disabled ? 'unlocked' : 'locked',
              accessibleName: `${u.disabled ? 'Unlock' : 'Lock'} ${u.username}`,
            }),
        self
          ? null
          : button('Delete', () => void remove(u), {
              design: 'Transparent',
              icon: 'delete',
              accessibleName: `Delete ${u.username}`,
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
      title: 'Lock User',
      text: [
        `Lock ${u.username}? They cannot sign in, their sessions end now and their API tokens are refused until you unlock them.`,
      ],
      confirmText: 'Lock',
    });
    if (ok)
      await act(
        () => answer(api.POST('/access/v1/users/{username}/lock', { params: { path: { username: u.username } } })),
        `${u.username} locked.`,
      );
  }

  const unlock = (u: User) =>
    act(
      () => answer(api.POST('/access/v1/users/{username}/unlock', { params: { path: { username: u.username } } })),
      `${u.username} unlocked.`,
    );

  async function remove(u: User): Promise<void> {
    const ok = await confirm({
      title: 'Delete User',
      text: [`Delete ${u.username} with their role collections, sessions and API tokens? This cannot be undone.`],
      confirmText: 'Delete',
    });
    if (ok)
      await act(
        () => answer(api.DELETE('/access/v1/users/{username}', { params: { path: { username: u.username } } })),
        `${u.username} deleted.`,
      );
  }

  async function resetPassword(u: User): Promise<void> {
    // after a suspected compromise the tokens go too; by default they keep working (a reset for a forgotten password)
    const revokeTokens = h<HTMLElement & { checked: boolean }>('ui5-checkbox', {
      id: 'reset-revoke-tokens',
      text: 'Also revoke their API tokens',
    });
    const ok = await confirm({
      title: 'Reset Password',
      text: [
        h(
          'p',
          {},
          `Give ${u.username} a new one-time password? Their sessions end; their API tokens keep working unless you revoke them too.`,
        ),
        revokeTokens,
      ],
      confirmText: 'Reset',
    });
    if (!ok) return;
    try {
      const reset = await answer(
        api.POST('/access/v1/users/{username}/password-reset', {
          params: { path: { username: u.username } },
          body: { revokeTokens: revokeTokens.checked },
        }),
      );
      if (reset.tokensRevoked > 0) toast(`${reset.tokensRevoked} API tokens of ${u.username} revoked.`);
      secretOnceDialog({
        title: `One-Time Password of ${u.username}`,
        label: 'One-time password',
        secret: reset.oneTimePassword,
        note: ONE_TIME_NOTE,
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
    { design: 'Subheader', accessibleName: 'Users toolbar' },
    h('div', { slot: 'startContent' }, count),
    h(
      'div',
      { slot: 'endContent', class: 'row' },
      search,
      button('Create User', () => createUserDialog(roles, choices, reload), {
        icon: 'add',
        id: 'create-user',
        design: 'Emphasized',
      }),
    ),
  );
  return page(
    {
      title: 'Security',
      subtitle: 'Users of calm-keys and their role collections, as in the SAP BTP cockpit',
    },
    h(
      'p',
      { class: 'muted' },
      'A role collection is held at its scope: the Landscape Management ones per Cloud ALM tenant, Subaccount Administrator per subaccount, Global Account Administrator per global account, calm-keys Administrator for calm-keys itself.',
    ),
    messages,
    h('section', { class: 'section', attrs: { 'aria-labelledby': 'users-title' } }, toolbar, area),
  );
}
