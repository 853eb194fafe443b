/**
 * What the Landscape Management pages share: the tenant (from GET /lm/v1/tenants), the status display and the
 * names of the Test's steps as people read them.
 */
import { ApiError, answer, api, seg, type Schemas } from '../api';
import { h, type Child } from '../dom';
import { t, type TextKey } from '../i18n';
import { href } from '../router';
import { session } from '../session';
/** One tenant of `GET /lm/v1/tenants`: the ones the user holds a Landscape Management role in. */
export type LmTenant = Schemas['LmTenantList']['items'][number];
export type KeyStatus = Schemas['SlotKeyView']['status']['value'];

export async function loadTenants(): Promise<readonly LmTenant[]> {
  return (await answer(api.GET('/lm/v1/tenants'))).items;
}

/** The tenant of a page, made the shell's current tenant; 404 when the user has no role in it. */
export async function currentTenant(tenantId: string): Promise<LmTenant> {
  const tenant = (await loadTenants()).find((t) => t.tenantId === tenantId);
  if (!tenant) throw new ApiError(404, 'lm.tenant.not_found', t('lmCommon.tenantNotFound'));
  session.setTenant(tenant);
  return tenant;
}

/** The header's group name: "Tenant demo-calm". */
export const tenantGroupLabel = (tenant: LmTenant): string => t('lmCommon.tenantGroup', tenant.name);

export const lmCrumbs = (tenant?: LmTenant) => [
  { text: t('lmCommon.landscapeManagement'), href: href('/lm') },
  ...(tenant ? [{ text: tenant.name, href: href(`/lm/${seg(tenant.tenantId)}`) }] : []),
];

const STATUS: Record<KeyStatus, { icon: string; design: string; text: TextKey }> = {
  active: { icon: 'status-positive', design: 'Positive', text: 'lmCommon.statusActive' },
  failed: { icon: 'status-negative', design: 'Negative', text: 'lmCommon.statusFailed' },
  unknown: { icon: 'status-inactive', design: 'Neutral', text: 'lmCommon.statusUnknown' },
};

/** The status in a word: Active, Failed, Unknown (in the UI's language). */
export const statusWord = (status: KeyStatus): string => t(STATUS[status].text);

/** The status icon (green active, red failed, grey unknown) with its word, so colour is never the only cue. */
export function statusBadge(status: KeyStatus, id?: string): HTMLElement {
  const s = STATUS[status];
  const word = t(s.text);
  return h(
    'span',
    { class: `status status-${status}`, ...(id ? { id } : {}), attrs: { 'data-status': status } },
    h('ui5-icon', {
      name: s.icon,
      design: s.design,
      accessibleName: t('lmCommon.statusLabel', word),
      showTooltip: true,
    }),
    h('span', {}, word),
  );
}

export type TestStepId = Schemas['KeyTestResult']['steps'][number]['id'];

/** The Test's steps in words (the API names them by id: token, jwt-signature, jwt-claims, api). */
export const TEST_STEP_NAMES: Record<TestStepId, TextKey> = {
  token: 'lmCommon.stepToken',
  'jwt-signature': 'lmCommon.stepJwtSignature',
  'jwt-claims': 'lmCommon.stepJwtClaims',
  api: 'lmCommon.stepApi',
};

/** A step id from the API in words; an id this page does not know (a newer server) is shown as it comes. */
export const stepName = (id: string): string => {
  const key = TEST_STEP_NAMES[id as TestStepId] as TextKey | undefined;
  return key ? t(key) : id;
};

/** One key fact of a page header: a label above its value. */
export interface HeaderFact {
  readonly label: string;
  readonly value: Child;
  /** The value's id (tests and screen readers find the fact by it). */
  readonly id?: string;
}

/**
 * The header content of a Fiori object page: the key facts side by side, each a label above its value, wrapping
 * onto more lines in a narrow window (the cockpit's `object-header` styles, shared with btp-instance.ts). A `dl`,
 * so screen readers read each value with its label; a named group, so they know whose facts these are.
 */
export function headerFacts(facts: readonly HeaderFact[], label: string): HTMLElement {
  return h(
    'div',
    { attrs: { role: 'group', 'aria-label': label } },
    h(
      'dl',
      { class: 'object-header' },
      ...facts.map((f) =>
        h('div', { class: 'header-fact' }, h('dt', {}, f.label), h('dd', f.id ? { id: f.id } : {}, f.value)),
      ),
    ),
  );
}

/** The service key as a header fact: its status icon and word, Deleted in BTP, or that there is none. */
export function keyFact(key: { status: KeyStatus; deletedInBtp?: unknown; name?: string } | null | undefined): Child {
  if (!key) return h('span', { class: 'muted', attrs: { 'data-status': 'none' } }, t('lmCommon.noneUploaded'));
  return h(
    'span',
    { class: 'row' },
    statusBadge(key.status),
    key.deletedInBtp ? h('ui5-tag', { design: 'Negative' }, t('lmCommon.deletedInBtp')) : null,
    key.name ? h('span', { class: 'muted' }, key.name) : null,
  );
}

/** The facts every page of a tenant starts with: the tenant, its identity zone and its service key. */
export function tenantFacts(
  tenant: LmTenant,
  key?: { status: KeyStatus; deletedInBtp?: unknown; name?: string } | null,
): HeaderFact[] {
  const fromList =
    tenant.slot === 'filled' && tenant.status ? { status: tenant.status, deletedInBtp: tenant.deletedInBtp } : null;
  return [
    { label: t('lmCommon.factTenant'), value: tenant.name, id: 'fact-tenant' },
    { label: t('lmCommon.factIdentityZone'), value: tenant.identityZone, id: 'fact-identity-zone' },
    {
      label: t('lmCommon.factServiceKey'),
      value: keyFact(key === undefined ? fromList : key),
      id: 'fact-service-key',
    },
  ];
}
