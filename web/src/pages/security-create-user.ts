/** Security's Create User dialog: a name and, optionally, a first role collection; the one-time password after. */
import { answer, api } from '../api';
import { h, replace } from '../dom';
import { button, errorStrip, openDialog, strip, type Dialog } from '../ui/kit';
import { secretOnceDialog, type RoleInfo, type ScopeChoices } from './security-common';
import { rolePicker } from './security-roles';
import { t } from '../i18n';

type Input = HTMLElement & { value: string; valueState: string };

/** Create User: a name and, optionally, a first role collection; the one-time password is shown once after. */
export function createUserDialog(roles: readonly RoleInfo[], choices: ScopeChoices, reload: () => Promise<void>): void {
  const messages = h('div', { class: 'strips' });
  const name = h<Input>('ui5-input', {
    id: 'new-username',
    required: true,
    accessibleName: t('security.userName'),
    maxlength: 64,
  });
  const picker = rolePicker(roles, choices, 'new', true);
  const dialog: Dialog = openDialog({
    title: t('security.createUser'),
    initialFocus: 'new-username',
    content: [
      h(
        'div',
        { class: 'form' },
        h('ui5-label', { for: 'new-username', required: true }, t('security.userNameLabel')),
        name,
      ),
      picker.element,
      strip('Information', t('security.otpInfo')),
      messages,
    ],
    footer: [
      button(t('security.create'), () => void submit(), { design: 'Emphasized', id: 'new-user-submit' }),
      button(t('security.cancel'), () => (dialog.open = false), { design: 'Transparent' }),
    ],
  });

  async function submit(): Promise<void> {
    const username = name.value.trim();
    name.valueState = username ? 'None' : 'Negative';
    let role: { role: string; scopeId?: string } | undefined;
    try {
      if (!username) throw new Error(t('security.enterUserName'));
      role = picker.value();
    } catch (error) {
      replace(messages, strip('Negative', (error as Error).message));
      return;
    }
    try {
      const created = await answer(api.POST('/access/v1/users', { body: { username } }));
      if (role)
        await answer(api.POST('/access/v1/users/{username}/roles', { params: { path: { username } }, body: role }));
      dialog.open = false;
      if (created.oneTimePassword)
        secretOnceDialog({
          title: t('security.userCreated', username),
          label: t('security.oneTimePassword'),
          secret: created.oneTimePassword,
          note: t('security.oneTimeNote'),
          id: 'otp',
        });
      await reload();
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }
}
