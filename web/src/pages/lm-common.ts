/**
 * What the Landscape Management pages share: the tenant (from GET /lm/v1/tenants), the status display and the
 * names of the Test's steps as people read them.
 */
import { ApiError, answer, api, seg, type Schemas } from '../api';
import { h } from '../dom';
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
  if (!tenant)
    throw new ApiError(
      404,
      'lm.tenant.not_found',
      'No such Cloud ALM tenant, or you hold no Landscape Management role in it.',
    );
  session.setTenant(tenant);
  return tenant;
}

export const lmCrumbs = (tenant?: LmTenant) => [
  { text: 'Landscape Management', href: href('/lm') },
  ...(tenant ? [{ text: tenant.name, href: href(`/lm/${seg(tenant.tenantId)}`) }] : []),
];

const STATUS: Record<KeyStatus, { icon: string; design: string; text: string }> = {
  active: { icon: 'status-positive', design: 'Positive', text: 'Active' },
  failed: { icon: 'status-negative', design: 'Negative', text: 'Failed' },
  unknown: { icon: 'status-inactive', design: 'Neutral', text: 'Unknown' },
};

/** The status icon (green active, red failed, grey unknown) with its word, so colour is never the only cue. */
export function statusBadge(status: KeyStatus, id?: string): HTMLElement {
  const s = STATUS[status];
  return h(
    'span',
    { class: `status status-${status}`, ...(id ? { id } : {}), attrs: { 'data-status': status } },
    h('ui5-icon', { name: s.icon, design: s.design, accessibleName: `Status: ${s.text}`, showTooltip: true }),
    h('span', {}, s.text),
  );
}

export type TestStepId = Schemas['KeyTestResult']['steps'][number]['id'];

/** The Test's steps in words (the API names them by id: token, jwt-signature, jwt-claims, api). */
export const TEST_STEP_NAMES: Record<TestStepId, string> = {
  token: 'Get an access token',
  'jwt-signature': 'Check the token signature',
  'jwt-claims': 'Check the token claims',
  api: 'Call the SAP Cloud ALM API',
};

/** A step id from the API in words; an id this page does not know (a newer server) is shown as it comes. */
export const stepName = (id: string): string => TEST_STEP_NAMES[id as TestStepId] ?? id;
