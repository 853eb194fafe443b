/**
 * The BTP account routes: global accounts, subaccounts and the Cloud ALM subscription of a subaccount
 * (`/btp/v1/global_accounts`, `/btp/v1/subaccounts`). Registered by `registerBtpRoutes` (btp.routes.ts).
 */
import { z } from 'zod';
import { btpViews as views, type Btp } from '../../btp/index.js';
import { defineRoute, json, type AnyRoute } from '../contract/route.js';
import { BTP_ERRORS } from '../../btp/errors.js';
import { SHARED_ERRORS } from '../../shared/error-codes.js';
import { XSUAA_ERRORS } from '../../xsuaa/errors.js';
import { auth, idParams, list, RATE, tag } from './btp-route-parts.js';

export const globalAccountBody = z.object({ name: z.string().min(1).max(100) });
export const subaccountBody = z.object({
  globalAccountId: z.string().min(1).max(100),
  name: z.string().min(1).max(100),
  subdomain: z.string().min(1).max(63),
  region: z.string().min(1).max(20),
});
export const subscribeBody = z.object({ provisionedOn: z.string().max(10).optional() });

export function btpAccountRoutes(accounts: Btp['accounts']): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/btp/v1/global_accounts',
      summary: 'Create a global account (calm-keys Administrator)',
      tag,
      auth,
      body: globalAccountBody,
      responses: { 201: json('Created', views.globalAccountSchema) },
      errors: { ...RATE, 403: [SHARED_ERRORS.forbidden] },
      handler: ({ actor, body }) => accounts.createGlobalAccount(actor, body),
    }),
    defineRoute({
      method: 'GET',
      path: '/btp/v1/global_accounts',
      summary: 'Global accounts you administer',
      tag,
      auth,
      responses: { 200: json('Global accounts', views.globalAccountListSchema) },
      errors: RATE,
      handler: async ({ actor }) => list(await accounts.listGlobalAccounts(actor)),
    }),
    defineRoute({
      method: 'POST',
      path: '/btp/v1/subaccounts',
      summary: 'Create a subaccount with its identity zone',
      tag,
      auth,
      body: subaccountBody,
      responses: { 201: json('Created', views.createdSubaccountSchema) },
      errors: {
        ...RATE,
        400: [BTP_ERRORS.bad_region, XSUAA_ERRORS.bad_subdomain],
        403: [SHARED_ERRORS.forbidden],
        404: [BTP_ERRORS.global_account_not_found],
        409: [BTP_ERRORS.subdomain_taken],
      },
      handler: ({ actor, body }) => accounts.createSubaccount(actor, body),
    }),
    defineRoute({
      method: 'GET',
      path: '/btp/v1/subaccounts',
      summary: 'Subaccounts you administer',
      tag,
      auth,
      responses: { 200: json('Subaccounts', views.subaccountListSchema) },
      errors: RATE,
      handler: async ({ actor }) => list(await accounts.listSubaccounts(actor)),
    }),
    defineRoute({
      method: 'GET',
      path: '/btp/v1/subaccounts/{id}',
      summary: 'A subaccount',
      tag,
      auth,
      params: idParams,
      responses: { 200: json('The subaccount', views.subaccountSchema) },
      errors: { ...RATE, 404: [BTP_ERRORS.subaccount_not_found] },
      handler: ({ actor, params }) => accounts.getSubaccount(actor, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: '/btp/v1/subaccounts/{id}/cloud_alm',
      summary: 'Subscribe to SAP Cloud ALM: the tenant, provisioned on a date',
      tag,
      auth,
      params: idParams,
      body: subscribeBody,
      bodyOptional: true,
      responses: { 201: json('The tenant and what its provisioning date brought', views.cloudAlmSubscriptionSchema) },
      errors: {
        ...RATE,
        400: [BTP_ERRORS.bad_date],
        404: [BTP_ERRORS.subaccount_not_found],
        409: [BTP_ERRORS.already_subscribed],
        503: [BTP_ERRORS.key_generation_busy],
      },
      handler: ({ actor, params, body }) =>
        accounts.subscribeCloudAlm(actor, {
          subaccountId: params.id,
          ...(body.provisionedOn ? { provisionedOn: body.provisionedOn } : {}),
        }),
    }),
  ];
}
