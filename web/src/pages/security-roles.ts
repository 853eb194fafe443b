/**
 * Role collections of one user: the assignments with their scope's name (Revoke), and a picker of a role
 * collection by SAP's name with the tenant, subaccount or global account it is held at (Assign). The picker is
 * also the optional part of the Create User dialog.
 */
import { answer, api, type Schemas } from '../api';
import { h, replace } from '../dom';
import { button, errorStrip, openDialog, strip, table, toast, type Dialog } from '../ui/kit';
import {
  chooseScopeText,
  emptyState,
  scopeLabel as scopeLabelOf,
  scopeName,
  type RoleInfo,
  type ScopeChoices,
} from './security-common';
import { t } from '../i18n';

type User = Schemas['User'];
type Select = HTMLElement & { selectedOption?: HTMLElement & { value?: string } };
type Input = HTMLElement & { value: string; valueState: string };

export interface RolePicker {
  readonly element: HTMLElement;
  /** The chosen role and scope; `undefined` for none (when optional); throws a message when incomplete. */
  value(): { role: string; scopeId?: string } | undefined;
}

/** A role select (grouped by where it is held) and, for roles held in a scope, a select of that scope. */
export function rolePicker(roles: readonly RoleInfo[], choices: ScopeChoices, idPrefix: string, optional: boolean) {
  const order: RoleInfo['scopeType'][] = ['tenant', 'subaccount', 'global_account', 'system'];
  const sorted = [...roles].sort(
    (a, b) => order.indexOf(a.scopeType) - order.indexOf(b.scopeType) || a.label.localeCompare(b.label),
  );
  const roleSelect = h<Select>(
    'ui5-select',
    { id: `${idPrefix}-role`, accessibleName: t('security.roleCollectionName') },
    optional ? h('ui5-option', { value: '' }, t('security.none')) : null,
    ...sorted.map((r) =>
      h('ui5-option', { value: r.name }, t('security.roleOption', r.label, scopeLabelOf(r.scopeType))),
    ),
  );
  const scopeLabel = h('ui5-label', { for: `${idPrefix}-scope`, required: true }, t('security.tenant'));
  const scopeArea = h('div');
  // the label and the select are cells of the form's grid, as the role's are
  scopeArea.style.display = 'contents';
  let scopeValue: () => string = () => '';

  function roleOf(): RoleInfo | undefined {
    const name = roleSelect.selectedOption?.value ?? '';
    return roles.find((r) => r.name === name);
  }

  function renderScope(): void {
    const role = roleOf();
    if (!role || role.scopeType === 'system') {
      scopeValue = () => '';
      replace(scopeArea);
      return;
    }
    scopeLabel.textContent = scopeLabelOf(role.scopeType);
    const list = choices[role.scopeType];
    if (list.length) {
      const select = h<Select>(
        'ui5-select',
        { id: `${idPrefix}-scope`, accessibleName: scopeLabelOf(role.scopeType) },
        ...list.map((c) => h('ui5-option', { value: c.id }, c.name)),
      );
      scopeValue = () => select.selectedOption?.value ?? '';
      replace(scopeArea, scopeLabel, select);
    } else {
      // none of them is visible to this administrator: the id can still be typed
      const input = h<Input>('ui5-input', {
        id: `${idPrefix}-scope`,
        accessibleName: t('security.scopeId', scopeLabelOf(role.scopeType)),
        placeholder: t('security.id'),
      });
      scopeValue = () => input.value.trim();
      replace(scopeArea, scopeLabel, input);
    }
  }
  roleSelect.addEventListener('change', renderScope);
  renderScope();

  const picker: RolePicker = {
    element: h(
      'div',
      { class: 'form' },
      h('ui5-label', { for: `${idPrefix}-role` }, t('security.roleCollection')),
      roleSelect,
      scopeArea,
    ),
    value() {
      const role = roleOf();
      if (!role) {
        if (optional) return undefined;
        throw new Error(t('security.chooseRole'));
      }
      if (role.scopeType === 'system') return { role: role.name };
      const scopeId = scopeValue();
      if (!scopeId) throw new Error(chooseScopeText(role.scopeType));
      return { role: role.name, scopeId };
    },
  };
  return picker;
}

/** The dialog of one user's role collections; `changed` reloads the page behind it. */
export function rolesDialog(
  user: User,
  roles: readonly RoleInfo[],
  choices: ScopeChoices,
  changed: () => Promise<User | undefined>,
): Dialog {
  const messages = h('div', { class: 'strips', attrs: { 'aria-live': 'polite' } });
  const area = h('div');
  const labelOf = (name: string) => roles.find((r) => r.name === name)?.label ?? name;

  function render(current: User): void {
    const assignments = table({
      id: 'user-roles',
      accessibleName: t('security.rolesOf', current.username),
      noDataText: t('security.noRolesText'),
      columns: [
        { header: t('security.roleCollection'), minWidth: '14rem', importance: 10 },
        { header: t('security.heldAt'), minWidth: '10rem', importance: 6 },
        { header: '', minWidth: '6rem' },
      ],
      rows: current.roles.map((a) => [
        labelOf(a.role),
        t('security.heldAtValue', scopeLabelOf(a.scopeType), scopeName(choices, a.scopeType, a.scopeId)),
        button(t('security.revoke'), () => void revoke(a), {
          design: 'Transparent',
          icon: 'delete',
          accessibleName: t('security.revokeAt', labelOf(a.role), scopeName(choices, a.scopeType, a.scopeId)),
        }),
      ]),
    });
    assignments.appendChild(emptyState(t('security.noRolesTitle'), t('security.assignBelow')));
    replace(area, assignments);
  }

  async function run(work: () => Promise<unknown>, done: string): Promise<void> {
    try {
      await work();
      replace(messages);
      toast(done);
      const fresh = await changed();
      if (fresh) render(fresh);
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }

  const revoke = (a: User['roles'][number]) =>
    run(
      () =>
        answer(
          api.DELETE('/access/v1/users/{username}/roles', {
            params: { path: { username: user.username } },
            body: { role: a.role, ...(a.scopeType === 'system' ? {} : { scopeId: a.scopeId }) },
          }),
        ),
      t('security.roleRevoked', labelOf(a.role)),
    );

  const picker = rolePicker(roles, choices, 'assign', false);
  function assign(): void {
    let chosen: { role: string; scopeId?: string } | undefined;
    try {
      chosen = picker.value();
    } catch (error) {
      replace(messages, strip('Negative', (error as Error).message));
      return;
    }
    if (!chosen) return;
    const body = chosen;
    void run(
      () =>
        answer(api.POST('/access/v1/users/{username}/roles', { params: { path: { username: user.username } }, body })),
      t('security.roleAssigned', labelOf(body.role)),
    );
  }

  render(user);
  const dialog: Dialog = openDialog({
    title: t('security.rolesTitle', user.username),
    initialFocus: 'assign-role',
    content: [messages, area, h('h3', { class: 'section-title' }, t('security.assignHeading')), picker.element],
    footer: [
      button(t('security.assign'), assign, { design: 'Emphasized', id: 'assign-submit' }),
      button(t('security.close'), () => (dialog.open = false), { design: 'Transparent', id: 'roles-close' }),
    ],
  });
  return dialog;
}
