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
import { t } from '../i18n';

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
  const current = passwordField('own-current-password', t('account.currentPassword'), 'current-password');
  const next = passwordField('own-new-password', t('account.newPassword'), 'new-password');
  const again = passwordField('own-new-password-again', t('account.repeatPassword'), 'new-password');
  const dialog: Dialog = openDialog({
    title: t('account.changePassword'),
    initialFocus: 'own-current-password',
    content: [
      h('div', { class: 'form' }, ...current.wrap, ...next.wrap, ...again.wrap),
      h('p', { class: 'muted' }, t('account.passwordRules')),
      messages,
    ],
    footer: [
      button(t('account.changePassword'), () => void submit(), { design: 'Emphasized', id: 'own-password-submit' }),
      button(t('account.cancel'), () => (dialog.open = false), { design: 'Transparent' }),
    ],
  });
  async function submit(): Promise<void> {
    if (!current.input.value || !next.input.value || next.input.value !== again.input.value) {
      replace(messages, strip('Negative', t('account.enterPasswords')));
      return;
    }
    try {
      await answer(
        api.POST('/auth/v1/password', {
          body: { currentPassword: current.input.value, newPassword: next.input.value },
        }),
      );
      dialog.open = false;
      toast(t('account.passwordChanged'));
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }
  return dialog;
}

export async function apiTokensDialog(): Promise<Dialog> {
  const messages = h('div', { class: 'strips', attrs: { 'aria-live': 'polite' } });
  const area = h('div');
  const name = h<Input>('ui5-input', { id: 'token-name', accessibleName: t('account.tokenName'), maxlength: 100 });
  const lifetime = h<Select>(
    'ui5-select',
    { id: 'token-days', accessibleName: t('account.expiresAfterName') },
    ...[30, 90, 180, 365].map((d) => h('ui5-option', { value: String(d), selected: d === 90 }, t('account.days', d))),
  );

  async function reload(): Promise<void> {
    const { tokens } = await answer(api.GET('/auth/v1/tokens'));
    const list = table({
      id: 'api-tokens',
      accessibleName: t('account.yourTokens'),
      noDataText: t('account.noTokensText'),
      columns: [
        { header: t('account.colName'), minWidth: '8rem', importance: 10 },
        { header: t('account.colToken'), minWidth: '8rem', importance: 4 },
        { header: t('account.colExpires'), minWidth: '9rem', importance: 6 },
        { header: t('account.colLastUsed'), minWidth: '9rem', importance: 3 },
        { header: t('account.colStatus'), minWidth: '6rem', importance: 8 },
        { header: '', minWidth: '6rem' },
      ],
      rows: tokens.map((token) => row(token)),
    });
    list.appendChild(emptyState(t('account.noTokensTitle'), t('account.noTokensHint')));
    replace(area, list);
  }

  function row(token: Token): (HTMLElement | string)[] {
    const expired = Date.parse(token.expiresAt) <= Date.now();
    return [
      token.name,
      h('code', {}, `${token.prefix}…`),
      formatDateTime(token.expiresAt),
      token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t('account.never'),
      token.revokedAt
        ? h('ui5-tag', { design: 'Negative' }, t('account.revoked'))
        : expired
          ? h('ui5-tag', { design: 'Critical' }, t('account.expired'))
          : h('ui5-tag', { design: 'Positive' }, t('account.active')),
      token.revokedAt || expired
        ? ''
        : button(t('account.revoke'), () => void revoke(token), {
            design: 'Transparent',
            icon: 'delete',
            accessibleName: t('account.revokeName', token.name),
          }),
    ];
  }

  async function revoke(token: Token): Promise<void> {
    const ok = await confirm({
      title: t('account.revokeTitle'),
      text: [t('account.revokeText', token.name)],
      confirmText: t('account.revoke'),
    });
    if (!ok) return;
    try {
      await answer(api.DELETE('/auth/v1/tokens/{id}', { params: { path: { id: token.id } } }));
      toast(t('account.tokenRevoked', token.name));
      await reload();
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }

  async function create(): Promise<void> {
    const tokenName = name.value.trim();
    name.valueState = tokenName ? 'None' : 'Negative';
    if (!tokenName) {
      replace(messages, strip('Negative', t('account.nameIt')));
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
        title: t('account.tokenTitle', created.name),
        label: t('account.tokenLabel'),
        secret: created.token,
        note: t('account.tokenNote', formatDateTime(created.expiresAt)),
        id: 'new-token',
      });
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }

  await Promise.all([reload(), loadIllustrations()]);
  const dialog: Dialog = openDialog({
    title: t('account.apiTokens'),
    initialFocus: 'token-name',
    content: [
      h('p', { class: 'muted' }, t('account.tokensIntro')),
      messages,
      area,
      h('h3', { class: 'section-title' }, t('account.createHeading')),
      h(
        'div',
        { class: 'form' },
        h('ui5-label', { for: 'token-name', required: true }, t('account.colName')),
        name,
        h('ui5-label', { for: 'token-days' }, t('account.expiresAfter')),
        lifetime,
      ),
    ],
    footer: [
      button(t('account.createToken'), () => void create(), { design: 'Emphasized', id: 'token-create' }),
      button(t('account.close'), () => (dialog.open = false), { design: 'Transparent', id: 'tokens-close' }),
    ],
  });
  return dialog;
}

/** The entries of the user menu, before Sign Out; `close` closes the menu first. */
export function accountMenuEntries(close: () => void): HTMLElement[] {
  return [
    button(
      t('account.changePassword'),
      () => {
        close();
        changePasswordDialog();
      },
      { design: 'Transparent', icon: 'key', id: 'menu-change-password' },
    ),
    button(
      t('account.apiTokens'),
      () => {
        close();
        void apiTokensDialog().catch((error: unknown) =>
          toast(error instanceof Error ? error.message : t('account.tokensFailed')),
        );
      },
      { design: 'Transparent', icon: 'action-settings', id: 'menu-api-tokens' },
    ),
  ];
}
