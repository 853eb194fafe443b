/**
 * What the Security pages and the user menu share: the role catalogue with SAP's role collection names, the
 * tenants, subaccounts and global accounts a role can be given at (with their names), and the dialog that shows
 * a one-time password or an API token once, with Copy. Such a secret lives only in that dialog: it is not logged,
 * not stored and gone when the dialog closes.
 */
import '@ui5/webcomponents-icons/dist/key.js';
import '@ui5/webcomponents-icons/dist/locked.js';
import '@ui5/webcomponents-icons/dist/unlocked.js';
import '@ui5/webcomponents-icons/dist/shield.js';
import { answer, api, type Schemas } from '../api';
import { h } from '../dom';
import { button, openDialog, strip, toast, type Dialog } from '../ui/kit';
import { t, type TextKey } from '../i18n';

export type ScopeType = Schemas['RoleAssignment']['scopeType'];
export type RoleInfo = Schemas['RoleCatalogue']['roles'][number];
export interface ScopeChoice {
  readonly id: string;
  readonly name: string;
}
export type ScopeChoices = Record<Exclude<ScopeType, 'system'>, ScopeChoice[]>;

/** Where a role collection is held, as people read it. */
export function scopeLabel(type: ScopeType): string {
  const labels: Record<ScopeType, string> = {
    system: 'calm-keys',
    tenant: t('security.scopeTenant'),
    subaccount: t('security.scopeSubaccount'),
    global_account: t('security.scopeGlobalAccount'),
  };
  return labels[type];
}

/** "Choose the tenant." for a role held in a scope. */
export function chooseScopeText(type: Exclude<ScopeType, 'system'>): string {
  const texts: Record<Exclude<ScopeType, 'system'>, TextKey> = {
    tenant: 'security.chooseTenant',
    subaccount: 'security.chooseSubaccount',
    global_account: 'security.chooseGlobalAccount',
  };
  return t(texts[type]);
}

/**
 * The illustrated empty states' component and pictures, loaded with these pages only (as no-authorization.ts).
 * A chunk that fails to load leaves the tables' no-data text: the page still opens.
 */
export async function loadIllustrations(): Promise<void> {
  await Promise.allSettled([
    import('@ui5/webcomponents-fiori/dist/IllustratedMessage.js'),
    import('@ui5/webcomponents-fiori/dist/illustrations/NoData.js'),
    import('@ui5/webcomponents-fiori/dist/illustrations/NoSearchResults.js'),
  ]);
}

export async function roleCatalogue(): Promise<RoleInfo[]> {
  return (await answer(api.GET('/access/v1/roles'))).roles;
}

/** Every list the signed-in administrator can read, merged by id; a list one may not read is simply left out. */
export async function scopeChoices(): Promise<ScopeChoices> {
  const [lmTenants, auditTenants, subaccounts, globalAccounts] = await Promise.allSettled([
    answer(api.GET('/lm/v1/tenants')),
    answer(api.GET('/audit/v1/tenants')),
    answer(api.GET('/btp/v1/subaccounts')),
    answer(api.GET('/btp/v1/global_accounts')),
  ]);
  const tenants = new Map<string, string>();
  if (lmTenants.status === 'fulfilled') for (const x of lmTenants.value.items) tenants.set(x.tenantId, x.name);
  if (auditTenants.status === 'fulfilled') for (const x of auditTenants.value.tenants) tenants.set(x.id, x.name);
  const subs = subaccounts.status === 'fulfilled' ? subaccounts.value.items : [];
  for (const s of subs)
    if (s.cloudAlmTenant && !tenants.has(s.cloudAlmTenant.id))
      tenants.set(s.cloudAlmTenant.id, t('security.cloudAlmOf', s.name));
  const sorted = (list: ScopeChoice[]) => list.sort((a, b) => a.name.localeCompare(b.name));
  return {
    tenant: sorted([...tenants].map(([id, name]) => ({ id, name }))),
    subaccount: sorted(subs.map((s) => ({ id: s.id, name: s.name }))),
    global_account: sorted(
      globalAccounts.status === 'fulfilled' ? globalAccounts.value.items.map((g) => ({ id: g.id, name: g.name })) : [],
    ),
  };
}

/** How an assignment reads: the role collection, and where it is held unless that is calm-keys itself. */
export function assignmentText(label: string, choices: ScopeChoices, type: ScopeType, id: string): string {
  return type === 'system'
    ? label
    : `${label} · ${t('security.heldAtValue', scopeLabel(type), scopeName(choices, type, id))}`;
}

/** The name of a scope for people: its name when known, else its id. */
export function scopeName(choices: ScopeChoices, type: ScopeType, id: string): string {
  if (type === 'system') return 'calm-keys';
  return choices[type].find((c) => c.id === id)?.name ?? id;
}

/** The illustrated empty state of the pages' tables (kept under this name for the Security pages). */
export { emptyState } from '../ui/kit';

/**
 * Shows a secret once: read-only, with Copy, and the reminder that it cannot be shown again. `id` prefixes the
 * element ids (`<id>-value`, `<id>-copy`, `<id>-close`).
 */
export function secretOnceDialog(options: {
  title: string;
  label: string;
  secret: string;
  note: string;
  id: string;
  onClose?: () => void;
}): Dialog {
  const field = h('ui5-input', {
    id: `${options.id}-value`,
    value: options.secret,
    readonly: true,
    accessibleName: options.label,
    class: 'mono',
  });
  const dialog: Dialog = openDialog({
    title: options.title,
    initialFocus: `${options.id}-copy`,
    content: [
      strip('Critical', options.note),
      h('div', { class: 'form' }, h('ui5-label', { for: `${options.id}-value` }, options.label), field),
    ],
    footer: [
      button(
        t('security.copy'),
        () =>
          void navigator.clipboard.writeText(options.secret).then(
            () => toast(t('security.copied')),
            () => toast(t('security.copyFailed')),
          ),
        { design: 'Emphasized', icon: 'copy', id: `${options.id}-copy` },
      ),
      button(t('security.close'), () => (dialog.open = false), { design: 'Transparent', id: `${options.id}-close` }),
    ],
  });
  dialog.addEventListener('close', () => options.onClose?.());
  return dialog;
}
