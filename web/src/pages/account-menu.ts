/**
 * What everyone finds in the user menu (the avatar in the shell bar): Change Password, and personal API tokens
 * for the CLI and scripts (create with a name and a lifetime, shown once with Copy, list, revoke). A token is in
 * this page's memory only while its dialog is open; the server keeps only its hash.
 */
import { answer, api, type Schemas } from '../api';
import { h, replace } from '../dom';
import { formatDateTime } from '../ui/format';
import { button, confirm, errorStrip, openDialog, strip, table, toast, type Dialog } from '../ui/kit';
import { emptyState, loadIllustrations, secretOnceDialog } from './security-common';

type Token = Schemas['ApiToken'];
type Input = HTMLElement & { value: string; valueState: string };
type Select = HTMLElement & { selectedOption?: HTMLElement & { value?: string } };

function passwordField(id: string, label: string, autocomplete: string): { wrap: HTMLElement[]; input: Input } {
  const input = h<Input>('ui5-input', {
    id,
    type: 'Password',
    required: true,
    accessibleName: label,
    attrs: { autocomplete },
  });
  return { input, wrap: [h('ui5-label', { for: id, required: true }, label), input] };
}

export function changePasswordDialog(): Dialog {
  const messages = h('div', { class: 'strips', attrs: { 'aria-live': 'assertive' } });
  const current = passwordField('own-current-password', 'Current password', 'current-password');
  const next = passwordField('own-new-password', 'New password', 'new-password');
  const again = passwordField('own-new-password-again', 'Repeat the new password', 'new-password');
  const dialog: Dialog = openDialog({
    title: 'Change Password',
    initialFocus: 'own-current-password',
    content: [
      h('div', { class: 'form' }, ...current.wrap, ...next.wrap, ...again.wrap),
      h(
        'p',
        { class: 'muted' },
        'At least 12 characters. Your other sessions end; this browser stays signed in. API tokens keep working.',
      ),
      messages,
    ],
    footer: [
      button('Change Password', () => void submit(), { design: 'Emphasized', id: 'own-password-submit' }),
      button('Cancel', () => (dialog.open = false), { design: 'Transparent' }),
    ],
  });
  async function submit(): Promise<void> {
    if (!current.input.value || !next.input.value || next.input.value !== again.input.value) {
      replace(messages, strip('Negative', 'Enter your current password, then the same new password twice.'));
      return;
    }
    try {
      await answer(
        api.POST('/auth/v1/password', {
          body: { currentPassword: current.input.value, newPassword: next.input.value },
        }),
      );
      dialog.open = false;
      toast('Password changed. Your other sessions ended.');
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }
  return dialog;
}

export async function apiTokensDialog(): Promise<Dialog> {
  const messages = h('div', { class: 'strips', attrs: { 'aria-live': 'polite' } });
  const area = h('div');
  const name = h<Input>('ui5-input', { id: 'token-name', accessibleName: 'Token name', maxlength: 100 });
  const lifetime = h<Select>(
    'ui5-select',
    { id: 'token-days', accessibleName: 'Expires after' },
    ...[30, 90, 180, 365].map((d) => h('ui5-option', { value: String(d), selected: d === 90 }, `${d} days`)),
  );

  async function reload(): Promise<void> {
    const { tokens } = await answer(api.GET('/auth/v1/tokens'));
    const list = table({
      id: 'api-tokens',
      accessibleName: 'Your API tokens',
      noDataText: 'No API tokens.',
      columns: [
        { header: 'Name', minWidth: '8rem', importance: 10 },
        { header: 'Token', minWidth: '8rem', importance: 4 },
        { header: 'Expires', minWidth: '9rem', importance: 6 },
        { header: 'Last Used', minWidth: '9rem', importance: 3 },
        { header: 'Status', minWidth: '6rem', importance: 8 },
        { header: '', minWidth: '6rem' },
      ],
      rows: tokens.map((t) => row(t)),
    });
    list.appendChild(emptyState('No API tokens', 'Create one for the CLI or a script.'));
    replace(area, list);
  }

  function row(t: Token): (HTMLElement | string)[] {
    const expired = Date.parse(t.expiresAt) <= Date.now();
    return [
      t.name,
      h('code', {}, `${t.prefix}…`),
      formatDateTime(t.expiresAt),
      t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'Never',
      t.revokedAt
        ? h('ui5-tag', { design: 'Negative' }, 'Revoked')
        : expired
          ? h('ui5-tag', { design: 'Critical' }, 'Expired')
          : h('ui5-tag', { design: 'Positive' }, 'Active'),
      t.revokedAt || expired
        ? ''
        : button('Revoke', () => void revoke(t), {
            design: 'Transparent',
            icon: 'delete',
            accessibleName: `Revoke the API token ${t.name}`,
          }),
    ];
  }

  async function revoke(t: Token): Promise<void> {
    const ok = await confirm({
      title: 'Revoke API Token',
      text: [`Revoke "${t.name}"? Whatever uses it gets 401 from now on.`],
      confirmText: 'Revoke',
    });
    if (!ok) return;
    try {
      await answer(api.DELETE('/auth/v1/tokens/{id}', { params: { path: { id: t.id } } }));
      toast(`API token ${t.name} revoked.`);
      await reload();
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }

  async function create(): Promise<void> {
    const tokenName = name.value.trim();
    name.valueState = tokenName ? 'None' : 'Negative';
    if (!tokenName) {
      replace(messages, strip('Negative', 'Give the token a name, e.g. what uses it.'));
      return;
    }
    try {
      const created = await answer(
        api.POST('/auth/v1/tokens', {
          body: { name: tokenName, expiresInDays: Number(lifetime.selectedOption?.value ?? 90) },
        }),
      );
      name.value = '';
      replace(messages);
      await reload();
      secretOnceDialog({
        title: `API Token ${created.name}`,
        label: 'API token',
        secret: created.token,
        note: `Copy the token now: it is shown only once. It works until ${formatDateTime(created.expiresAt)} or until you revoke it. Send it as "Authorization: Bearer <token>".`,
        id: 'new-token',
      });
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }

  await Promise.all([reload(), loadIllustrations()]);
  const dialog: Dialog = openDialog({
    title: 'API Tokens',
    initialFocus: 'token-name',
    content: [
      h(
        'p',
        { class: 'muted' },
        'Personal API tokens act as you over the REST API and the CLI, with your role collections.',
      ),
      messages,
      area,
      h('h3', { class: 'section-title' }, 'Create an API Token'),
      h(
        'div',
        { class: 'form' },
        h('ui5-label', { for: 'token-name', required: true }, 'Name'),
        name,
        h('ui5-label', { for: 'token-days' }, 'Expires After'),
        lifetime,
      ),
    ],
    footer: [
      button('Create Token', () => void create(), { design: 'Emphasized', id: 'token-create' }),
      button('Close', () => (dialog.open = false), { design: 'Transparent', id: 'tokens-close' }),
    ],
  });
  return dialog;
}

/** The entries of the user menu, before Sign Out; `close` closes the menu first. */
export function accountMenuEntries(close: () => void): HTMLElement[] {
  return [
    button(
      'Change Password',
      () => {
        close();
        changePasswordDialog();
      },
      { design: 'Transparent', icon: 'key', id: 'menu-change-password' },
    ),
    button(
      'API Tokens',
      () => {
        close();
        void apiTokensDialog().catch((error: unknown) =>
          toast(error instanceof Error ? error.message : 'The API tokens cannot be loaded.'),
        );
      },
      { design: 'Transparent', icon: 'action-settings', id: 'menu-api-tokens' },
    ),
  ];
}
