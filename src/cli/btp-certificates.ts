/**
 * The certificate ends of x509 bindings in `calm-keys btp list|get services/binding`: read from calm-keys' own
 * `GET /btp/v1/binding_certificates` (SAP's `/v1` bindings carry no expiry), added to each row as
 * `certificate_expires_at`, `certificate_days_left` and `certificate_state`, and a warning line on stderr for
 * each certificate within 30 days of its end or past it (stdout keeps the JSON alone).
 */
import { answer, type ApiClient, type Schemas } from './api-client.js';

type BindingCertificate = Schemas['BindingCertificate'];

export async function readBindingCertificates(
  api: ApiClient,
  query: { service_binding_id?: string; subaccount_id?: string } = {},
): Promise<Map<string, BindingCertificate>> {
  const { items } = await answer(api.GET('/btp/v1/binding_certificates', { params: { query } }));
  return new Map(items.map((item) => [item.service_binding_id, item]));
}

/** The fields a row gets; none for a binding without a certificate. */
export function certificateFields(certificate: BindingCertificate | undefined) {
  if (certificate === undefined) return {};
  return {
    certificate_expires_at: certificate.not_after,
    certificate_days_left: certificate.days_left,
    certificate_state: certificate.state,
  };
}

/** "warning: ..." for a certificate in state warning, critical or expired; undefined for a valid one. */
export function expiryWarningLine(certificate: BindingCertificate): string | undefined {
  const which = `binding ${certificate.service_binding_name} (${certificate.service_binding_id})`;
  const days = certificate.days_left;
  switch (certificate.state) {
    case 'valid':
      return undefined;
    case 'expired':
      return `warning: the certificate of ${which} expired on ${certificate.not_after}; create a new binding.`;
    default: {
      const left = days < 1 ? 'in less than a day' : `in ${days} day${days === 1 ? '' : 's'}`;
      return `warning: the certificate of ${which} expires on ${certificate.not_after} (${left}, ${certificate.state}); create a new binding before then.`;
    }
  }
}

export function printExpiryWarnings(certificates: Iterable<BindingCertificate>): void {
  for (const certificate of certificates) {
    const line = expiryWarningLine(certificate);
    if (line !== undefined) console.error(line);
  }
}
