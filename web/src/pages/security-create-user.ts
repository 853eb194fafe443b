/** Security's Create User dialog: a name and, optionally, a first role collection; the one-time password after. */
import { answer, api } from '../api';
import { h, replace } from '../dom';
import { button, errorStrip, openDialog, strip, type Dialog } from '../ui/kit';
import { secretOnceDialog, type RoleInfo, type ScopeChoices } from './security-common';
import { rolePicker } from './security-roles';

type Input = HTMLElement & { value: string; valueState: string };

const ONE_TIME_NOTE =
  'Hand this one-time password over now: it is shown only once. At the first sign-in the user sets their own.';

/** Create User: a name and, optionally, a first role collection; the one-time password is shown once after. */
export function createUserDialog(roles: readonly RoleInfo[], choices: ScopeChoices, reload: () => Promise<void>): void {
  const messages = h('div', { class: 'strips' });
  const name = h<Input>('ui5-input', {
    id: 'new-username',
    required: true,
    accessibleName: 'User name',
    maxlength: 64,
  });
  const picker = rolePicker(roles, choices, 'new', true);
  const dialog: Dialog = openDialog({
    title: 'Create User',
    initialFocus: 'new-username',
    content: [
      h('div', { class: 'form' }, h('ui5-label', { for: 'new-username', required: true }, 'User Name'), name),
      picker.element,
      strip('Information', 'calm-keys generates a one-time password; the user sets their own at the first sign-in.'),
      messages,
    ],
    footer: [
      button('Create', () => void submit(), { design: 'Emphasized', id: 'new-user-submit' }),
      button('Cancel', () => (dialog.open = false), { design: 'Transparent' }),
    ],
  });

  async function submit(): Promise<void> {
    const username = name.value.trim();
    name.valueState = username ? 'None' : 'Negative';
    let role: { role: string; scopeId?: string } | undefined;
    try {
      if (!username) throw new Error('Enter a user name.');
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
          title: `User ${username} Created`,
          label: 'One-time password',
          secret: created.oneTimePassword,
          note: ONE_TIME_NOTE,
          id: 'otp',
        });
      await reload();
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }
}
