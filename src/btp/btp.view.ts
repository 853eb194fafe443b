/**
 * The answers of the BTP REST API, as zod schemas (the OpenAPI document's components and the response check
 * of the server tests). The presenters (accounts.service.ts, the key download) return these types.
 */
import { z } from 'zod';

const list = <T extends z.ZodType>(item: T, id: string) =>
  z.strictObject({ num_items: z.number().int(), items: z.array(item) }).meta({ id });

export const globalAccountSchema = z.strictObject({ id: z.string(), name: z.string() }).meta({ id: 'GlobalAccount' });
export const globalAccountListItemSchema = z
  .strictObject({ id: z.string(), name: z.string(), createdAt: z.string() })
  .meta({ id: 'GlobalAccountListItem' });
export const globalAccountListSchema = list(globalAccountListItemSchema, 'GlobalAccountList');

export const createdSubaccountSchema = z
  .strictObject({
    id: z.string(),
    globalAccountId: z.string(),
    name: z.string(),
    subdomain: z.string(),
    region: z.string(),
  })
  .meta({ id: 'CreatedSubaccount' });
export const subaccountSchema = createdSubaccountSchema
  .extend({
    cloudAlmTenant: z.strictObject({ id: z.string(), provisionedOn: z.string().describe('YYYY-MM-DD') }).nullable(),
  })
  .meta({ id: 'Subaccount' });
export const subaccountListSchema = list(subaccountSchema, 'SubaccountList');

export const cloudAlmSubscriptionSchema = z
  .strictObject({
    tenantId: z.string(),
    subaccountId: z.string(),
    provisionedOn: z.string().describe('YYYY-MM-DD'),
    plan: z.strictObject({
      generateKey: z.boolean(),
      uploadToLandscape: z.boolean(),
      scopeSet: z.enum(['none', 'monitoring', 'all']),
    }),
    generated: z
      .strictObject({ instanceId: z.string(), bindingId: z.string() })
      .optional()
      .describe('The key provisioning generated (tenants provisioned from the auto-generation date on)'),
  })
  .meta({ id: 'CloudAlmSubscription' });

/** The service key as `cf service-key` and the BTP cockpit give it: `uaa` carries the secret or the x509 pair. */
export const serviceKeySchema = z
  .strictObject({
    endpoints: z.strictObject({ Api: z.string() }),
    uaa: z
      .record(z.string(), z.string())
      .describe('clientid, clientsecret (or certificate, key, certurl), url, identityzone, xsappname, ...'),
  })
  .meta({ id: 'ServiceKey' });
/** The key of a service-manager binding, flat as SAP's (sm-credentials.ts). */
export const smServiceKeySchema = z
  .record(z.string(), z.string())
  .describe('clientid, clientsecret and url (or certificate, key and certurl), xsappname, sm_url')
  .meta({ id: 'ServiceManagerKey' });
const anyServiceKeySchema = z.union([serviceKeySchema, smServiceKeySchema]);
export const cfServiceKeySchema = z.strictObject({ credentials: anyServiceKeySchema }).meta({ id: 'CfServiceKey' });

/**
 * When an x509 binding's certificate ends (binding-certificates.ts): calm-keys' own view beside SAP's `/v1`
 * bindings, which have no such field. `state`: `valid` (more than 30 days left), `warning` (30 or fewer),
 * `critical` (7 or fewer, XSUAA's default validity), `expired`.
 */
export const bindingCertificateSchema = z
  .strictObject({
    service_binding_id: z.string(),
    service_binding_name: z.string(),
    service_instance_id: z.string(),
    subaccount_id: z.string(),
    credential_type: z.string(),
    not_after: z.string().describe("The certificate's notAfter, ISO-8601 UTC"),
    days_left: z.number().int().describe('Whole days left, rounded down; negative once expired'),
    state: z.enum(['valid', 'warning', 'critical', 'expired']),
  })
  .meta({ id: 'BindingCertificate' });
export type BindingCertificateView = z.infer<typeof bindingCertificateSchema>;
export const bindingCertificateListSchema = list(bindingCertificateSchema, 'BindingCertificateList');
