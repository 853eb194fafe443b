/**
 * When x509 bindings' certificates end (`/btp/v1/binding_certificates`): calm-keys' own list beside SAP Service
 * Manager's `/v1` bindings, which carry no expiry; the cockpit's service keys and `calm-keys btp` read it.
 * Registered by `registerBtpRoutes` (btp.routes.ts), so SAP's rate limits apply.
 */
import { z } from 'zod';
import { btpViews as views, type Btp } from '../../btp/index.js';
import { defineRoute, json, type AnyRoute } from '../contract/route.js';
import { BTP_ERRORS } from '../../btp/errors.js';
import { auth, list, RATE, tag } from './btp-route-parts.js';

const id = z.string().min(1).max(100);
export const bindingCertificatesQuery = z.object({
  subaccount_id: id.optional(),
  service_instance_id: id.optional(),
  service_binding_id: id.optional(),
});

export function btpCertificateRoutes(certificates: Btp['certificates']): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/btp/v1/binding_certificates',
      summary: "When each x509 binding's certificate ends (days left, warning state)",
      description:
        'The x509 bindings in the subaccounts you administer (or the one named), optionally of one instance or one binding: notAfter, whole days left and the state (valid, warning within 30 days, critical within 7, expired). No credentials.',
      tag,
      auth,
      query: bindingCertificatesQuery,
      responses: { 200: json('The x509 bindings, oldest first', views.bindingCertificateListSchema) },
      errors: { ...RATE, 404: [BTP_ERRORS.subaccount_not_found] },
      handler: async ({ actor, query }) =>
        list(
          await certificates.list(actor, {
            subaccountId: query.subaccount_id,
            serviceInstanceId: query.service_instance_id,
            serviceBindingId: query.service_binding_id,
          }),
        ),
    }),
  ];
}
