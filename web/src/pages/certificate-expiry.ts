/**
 * When an X.509 certificate ends, as the BTP cockpit's service keys and the Landscape Management service-key
 * section show it: "Expires on <local date> (in N days)", in a tag whose design follows the server's state
 * (warning within 30 days, critical within 7, expired). The server decides the state with its clock; the page
 * only formats the date in the browser's time zone.
 */
import { answer, api, type Schemas } from '../api';
import { h } from '../dom';
import { plural, t, type TextKey } from '../i18n';
import { formatDateTime } from '../ui/format';
import { strip } from '../ui/kit';

type State = 'valid' | 'warning' | 'critical' | 'expired';
export type BindingCertificate = Schemas['BindingCertificate'];

const TAG_DESIGN: Readonly<Record<State, string>> = {
  valid: 'Positive',
  warning: 'Critical',
  critical: 'Negative',
  expired: 'Negative',
};
const STATE_WORD: Readonly<Record<State, TextKey>> = {
  valid: 'certExpiry.valid',
  warning: 'certExpiry.soon',
  critical: 'certExpiry.verySoon',
  expired: 'certExpiry.expired',
};

/** "Expires on 10 Dec 2026, 08:00 (in 6 days)" or "Expired on ... (3 days ago)". */
export function expiryText(notAfter: string, daysLeft: number, state: State): string {
  const on = formatDateTime(notAfter);
  if (state === 'expired') {
    const ago = -daysLeft - 1;
    const when = ago < 1 ? t('certExpiry.lessThanDayAgo') : plural(ago, 'certExpiry.dayAgo', 'certExpiry.daysAgo');
    return t('certExpiry.expiredOn', on, when);
  }
  const left = daysLeft < 1 ? t('certExpiry.inLessThanDay') : plural(daysLeft, 'certExpiry.inDay', 'certExpiry.inDays');
  return t('certExpiry.expiresOn', on, left);
}

/** The cell of a key's certificate: its end, and a tag with the state. */
export function expiryCell(certificate: { notAfter: string; daysLeft: number; state: State }): HTMLElement {
  const { notAfter, daysLeft, state } = certificate;
  return h(
    'div',
    { class: 'stack', attrs: { 'data-certificate-state': state } },
    h('span', {}, expiryText(notAfter, daysLeft, state)),
    state === 'valid' ? null : h('span', {}, h('ui5-tag', { design: TAG_DESIGN[state] }, t(STATE_WORD[state]))),
  );
}

/** A message strip for a certificate within 30 days of its end or past it; null for a valid one. */
export function expiryStrip(
  certificate: { notAfter: string; daysLeft: number; state: State; message?: string },
  id: string,
): HTMLElement | null {
  if (certificate.state === 'valid') return null;
  const design = certificate.state === 'warning' ? 'Critical' : 'Negative';
  const advice = certificate.state === 'expired' ? t('certExpiry.adviceExpired') : t('certExpiry.adviceSoon');
  return strip(
    design,
    h(
      'div',
      { class: 'stack', id },
      h('strong', {}, expiryText(certificate.notAfter, certificate.daysLeft, certificate.state)),
      advice,
    ),
  );
}

/** The x509 bindings of an instance with their ends (calm-keys' own list: SAP's /v1 bindings carry none). */
export async function certificatesOfInstance(
  subaccountId: string,
  instanceId: string,
): Promise<Map<string, BindingCertificate>> {
  const { items } = await answer(
    api.GET('/btp/v1/binding_certificates', {
      params: { query: { subaccount_id: subaccountId, service_instance_id: instanceId } },
    }),
  );
  return new Map(items.map((item) => [item.service_binding_id, item]));
}

export const bindingExpiry = (c: BindingCertificate) => ({
  notAfter: c.not_after,
  daysLeft: c.days_left,
  state: c.state,
});
